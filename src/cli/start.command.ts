// `mentor start`: runs Mentor until SIGINT/SIGTERM. On an empty data folder it creates the demo
// company and prints the URL and the demo sign-ins.
import { describeConfig, ensureSecret, loadConfig } from '../config.ts';
import { startMentor, type ProcessRole } from '../runtime/mentor-runtime.ts';
import { CliUsageError, parse } from './cli-args.ts';

const USAGE = `Usage: mentor start [--role all|api|worker] [--no-demo] [--port N]

  --role      all (default): API + workers in one process (the only mode on the embedded database);
              api / worker: separate processes on PostgreSQL (DATABASE_URL)
  --no-demo   do not create the demo company on an empty database
  --port      port to listen on (default: PORT or 3000)`;

export async function startCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { role: { type: 'string', default: 'all' }, 'no-demo': { type: 'boolean', default: false }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const role = values.role as ProcessRole;
  if (!['all', 'api', 'worker'].includes(role)) throw new CliUsageError(`--role must be all, api or worker.\n\n${USAGE}`);
  const env = values.port ? { ...process.env, PORT: values.port } : process.env;
  const config = ensureSecret(loadConfig(env));
  console.log(`Starting Mentor… (on an empty database the first start also generates the demo company's 10 weeks of calls; it takes a little while)`);
  const runtime = await startMentor({ config, role, demo: !values['no-demo'] });

  const settings = describeConfig(config);
  console.log(`Mentor is running (${role}) — database: ${settings.database}`);
  if (runtime.url) console.log(`Open ${runtime.url}`);
  if (runtime.demo) {
    const activity = runtime.demo.activity;
    const generated = activity && !activity.skipped ? ` with ${activity.calls} calls, ${activity.deals} deals and ${activity.payments} payments over 10 weeks (generated in ${(activity.milliseconds / 1000).toFixed(0)} s)` : '';
    console.log(`\nDemo company "ТеплоСфера"${runtime.demo.created ? ` created${generated}` : ''}. Sign in with password "${runtime.demo.password}":`);
    console.log(`  head of sales  ${runtime.demo.headOfSales.email}`);
    console.log(`  integrator     ${runtime.demo.integrator.email}`);
    for (const m of runtime.demo.managers) console.log(`  manager        ${m.email}  (${m.name})`);
  }

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      console.log(`\n${signal} received, stopping…`);
      runtime.close().then(resolve, (error: unknown) => {
        console.error('Error while stopping:', error);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
