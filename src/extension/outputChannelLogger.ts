import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';

const RECENT_LIMIT = 500;

/**
 * The engine's Logger over VS Code's LogOutputChannel (the user picks the level in the
 * Output view). It also keeps the most recent lines, which tests read through the API.
 */
export class OutputChannelLogger implements Logger {
  private readonly recentLines: string[] = [];

  constructor(private readonly channel: vscode.LogOutputChannel) {}

  trace(message: string): void {
    this.channel.trace(message);
    this.remember('trace', message);
  }
  debug(message: string): void {
    this.channel.debug(message);
    this.remember('debug', message);
  }
  info(message: string): void {
    this.channel.info(message);
    this.remember('info', message);
  }
  warn(message: string): void {
    this.channel.warn(message);
    this.remember('warn', message);
  }
  error(message: string): void {
    this.channel.error(message);
    this.remember('error', message);
  }

  /** The latest lines, oldest first, as `level: message`. */
  recent(): readonly string[] {
    return [...this.recentLines];
  }

  show(): void {
    this.channel.show(true);
  }

  private remember(level: string, message: string): void {
    this.recentLines.push(`${level}: ${message}`);
    if (this.recentLines.length > RECENT_LIMIT) this.recentLines.splice(0, this.recentLines.length - RECENT_LIMIT);
  }
}
