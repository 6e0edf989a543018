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

// Form controls are native elements styled with the theme's variables (media/webview.css):
// the toolkit's text field cannot offer a <datalist>, and native controls keep their labels,
// keyboard behaviour and form semantics without a shadow DOM in the way.

export interface TextFieldOptions {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly type?: 'text' | 'number' | 'url';
  readonly placeholder?: string;
  /** Id of a <datalist> of suggestions. */
  readonly list?: string;
  /** A hint under the field, also its accessible description. */
  readonly hint?: string;
  readonly min?: string;
  readonly max?: string;
  readonly step?: string;
  readonly disabled?: boolean;
  readonly onInput?: (value: string) => void;
  /** Called when the value is committed (blur or Enter). */
  readonly onChange?: (value: string) => void;
}

/** The wrapper and label every form field starts from; the control goes after the label. */
function labelledField(id: string, text: string): { root: HTMLElement; label: HTMLLabelElement } {
  const root = document.createElement('div');
  root.className = 'field';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = text;
  return { root, label };
}

/** A labelled text (or number) field; returns the wrapper and the input. */
export function textField(options: TextFieldOptions): { readonly root: HTMLElement; readonly input: HTMLInputElement } {
  const { root, label } = labelledField(options.id, options.label);
  const input = document.createElement('input');
  input.id = options.id;
  input.type = options.type ?? 'text';
  input.value = options.value;
  input.spellcheck = false;
  if (options.placeholder !== undefined) input.placeholder = options.placeholder;
  if (options.list !== undefined) input.setAttribute('list', options.list);
  if (options.min !== undefined) input.min = options.min;
  if (options.max !== undefined) input.max = options.max;
  if (options.step !== undefined) input.step = options.step;
  if (options.disabled === true) input.disabled = true;
  root.append(label, input);
  if (options.hint !== undefined) {
    const hint = document.createElement('p');
    hint.className = 'field-hint';
    hint.id = `${options.id}-hint`;
    hint.textContent = options.hint;
    input.setAttribute('aria-describedby', hint.id);
    root.append(hint);
  }
  const onInput = options.onInput;
  if (onInput) input.addEventListener('input', () => { onInput(input.value); });
  const onChange = options.onChange;
  if (onChange) input.addEventListener('change', () => { onChange(input.value); });
  return { root, input };
}

export interface DropdownOptions {
  readonly id: string;
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly value: string;
  readonly disabled?: boolean;
  readonly onChange?: (value: string) => void;
}

/** A labelled drop-down list. */
export function dropdown(options: DropdownOptions): { readonly root: HTMLElement; readonly select: HTMLSelectElement } {
  const { root, label } = labelledField(options.id, options.label);
  const select = document.createElement('select');
  select.id = options.id;
  for (const choice of options.options) {
    const option = document.createElement('option');
    option.value = choice.value;
    option.textContent = choice.label;
    select.append(option);
  }
  select.value = options.value;
  if (options.disabled === true) select.disabled = true;
  const onChange = options.onChange;
  if (onChange) select.addEventListener('change', () => { onChange(select.value); });
  root.append(label, select);
  return { root, select };
}

/** Suggestions for text fields: `<datalist id>` with labelled options. */
export function datalist(id: string, options: readonly { readonly value: string; readonly label: string }[]): HTMLDataListElement {
  const list = document.createElement('datalist');
  list.id = id;
  for (const choice of options) {
    const option = document.createElement('option');
    option.value = choice.value;
    option.label = choice.label;
    list.append(option);
  }
  return list;
}

/** Enables or disables a button made by `button`. */
export function setDisabled(element: HTMLElement, disabled: boolean): void {
  if (disabled) element.setAttribute('disabled', '');
  else element.removeAttribute('disabled');
}
