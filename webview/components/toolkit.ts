// The one place that knows about @vscode/webview-ui-toolkit. The toolkit is frozen upstream,
// so every webview builds its controls through these functions: replacing the toolkit means
// rewriting this file and nothing else.
import {
  provideVSCodeDesignSystem,
  vsCodeBadge,
  vsCodeButton,
  vsCodeDivider,
  vsCodeProgressRing,
  vsCodeTag,
} from '@vscode/webview-ui-toolkit';

let registered = false;

function ensureRegistered(): void {
  if (registered) return;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeBadge(), vsCodeDivider(), vsCodeProgressRing(), vsCodeTag());
  registered = true;
}

export type ButtonAppearance = 'primary' | 'secondary' | 'icon';

export interface ButtonOptions {
  readonly appearance?: ButtonAppearance;
  /** Accessible name; defaults to the label. */
  readonly ariaLabel?: string;
  readonly disabled?: boolean;
  readonly id?: string;
  readonly onClick: () => void;
}

/** A themed button whose label is plain text. */
export function button(label: string, options: ButtonOptions): HTMLElement {
  ensureRegistered();
  const element = document.createElement('vscode-button');
  element.textContent = label;
  element.setAttribute('appearance', options.appearance ?? 'primary');
  element.setAttribute('aria-label', options.ariaLabel ?? label);
  if (options.id !== undefined) element.id = options.id;
  if (options.disabled === true) element.setAttribute('disabled', '');
  element.addEventListener('click', () => {
    if (!element.hasAttribute('disabled')) options.onClick();
  });
  return element;
}

/** A small count, e.g. the number of candidates in a status. */
export function badge(text: string): HTMLElement {
  ensureRegistered();
  const element = document.createElement('vscode-badge');
  element.textContent = text;
  return element;
}

/** A short label, e.g. a file name or a format. */
export function tag(text: string): HTMLElement {
  ensureRegistered();
  const element = document.createElement('vscode-tag');
  element.textContent = text;
  return element;
}

export function divider(): HTMLElement {
  ensureRegistered();
  const element = document.createElement('vscode-divider');
  element.setAttribute('role', 'separator');
  return element;
}

/** An indeterminate spinner for work whose length is unknown. */
export function progressRing(ariaLabel: string): HTMLElement {
  ensureRegistered();
  const element = document.createElement('vscode-progress-ring');
  element.setAttribute('aria-label', ariaLabel);
  return element;
}
