/**
 * The slice of the QMP client the lifecycle code needs. Keeping it an
 * interface lets the lifecycle be read (and reasoned about) apart from the
 * wire protocol.
 * @module
 */

/** A QMP monitor connection as the lifecycle uses it. */
export interface Monitor {
  /** Runs a QMP command (untyped). */
  execute(name: string, args?: Record<string, unknown>, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<unknown>;
  /** Subscribes to one QMP event; returns the unsubscribe function. */
  on(event: string, listener: (data: Record<string, unknown>) => void): () => void;
  /** Resolves when the monitor connection ends (QEMU exited or the socket closed). */
  readonly closed: Promise<unknown>;
  /** Closes the connection. */
  close(): Promise<void>;
}
