/**
 * How the engine reports what it does. The VS Code shell implements it over a
 * LogOutputChannel, the CLI over stderr; the engine never knows which.
 */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
