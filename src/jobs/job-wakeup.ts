// Wakes worker loops the moment a job they can run becomes visible, instead of at their next poll.
// In the sending process the queue wakes its own loops right after a plain send, or from an
// after-commit hook for a send inside an app transaction (the job is invisible until then).
// Other processes (`--role api` sending, `--role worker` working, on PostgreSQL) hear about it
// through LISTEN/NOTIFY: the sender runs pg_notify in the same transaction as the job, and
// PostgreSQL delivers it exactly at commit (never for a rollback). Polling stays as the safety net
// for a notification lost while a listener reconnects.
import pg from 'pg';
import type { JobSqlExecutor } from './boss-factory.ts';
import type { JobLogger } from './queue-worker.ts';

/** The notification channel of one job schema (schemas are plain identifiers, see boss-factory). */
export function wakeChannel(schema: string): string {
  return `${schema}_wake`;
}

/** Queues a notification for other processes; inside a transaction it is delivered at commit. */
export async function notifyWorkers(db: JobSqlExecutor, schema: string, queues: readonly string[]): Promise<void> {
  for (const queue of new Set(queues)) await db.executeSql(`SELECT pg_notify('${wakeChannel(schema)}', $1)`, [queue]);
}

export interface WakeListenerOptions {
  connectionString: string;
  schema: string;
  /** called with the queue name of each notification; with null after a (re)connect, when notifications may have been missed */
  onWake(queue: string | null): void;
  logger: JobLogger;
  /** pause before reconnecting after the connection broke; default 1000 ms */
  reconnectDelayMs?: number;
}

/** One dedicated connection per worker process that LISTENs on the schema's channel. */
export class WakeListener {
  readonly #options: WakeListenerOptions;
  #client: pg.Client | undefined;
  #stopped = false;
  #retry: NodeJS.Timeout | undefined;

  constructor(options: WakeListenerOptions) {
    this.#options = options;
  }

  /** Connects and listens; a failure is logged and retried, the queue keeps polling meanwhile. */
  async start(): Promise<void> {
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const client = new pg.Client({ connectionString: this.#options.connectionString, application_name: 'mentor-jobs-listen' });
    // events of an older, replaced connection are ignored (#broken compares with this one)
    this.#client = client;
    client.on('error', (error) => this.#broken(client, error));
    client.on('end', () => this.#broken(client, null));
    client.on('notification', (message) => this.#options.onWake(message.payload ?? null));
    try {
      await client.connect();
      await client.query(`LISTEN ${wakeChannel(this.#options.schema)}`);
    } catch (error) {
      this.#broken(client, error as Error);
      return;
    }
    if (this.#stopped || this.#client !== client) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#options.onWake(null);
  }

  #broken(client: pg.Client, error: Error | null): void {
    if (this.#stopped || this.#client !== client) return;
    this.#client = undefined;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (error) this.#options.logger.warn('job wake-up listener lost its connection; polling until it reconnects', { error: error.message });
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => void this.#connect(), this.#options.reconnectDelayMs ?? 1000);
  }
}
