import { bundleWorkflowCode, Worker, NativeConnection, DefaultLogger, Runtime } from '@temporalio/worker';
import { startDevServer } from './devserver';
import { SHARED_WORKFLOW_MODULES, CASE_WORKFLOWS_PATH } from './worker/case-worker';
Runtime.install({ logger: new DefaultLogger('ERROR') });
async function main() {
  const server = await startDevServer({ port: 0 });
  const variants: Record<string, any> = {};
  for (const devtool of ['inline-source-map', 'inline-nosources-source-map']) {
    variants[devtool] = await bundleWorkflowCode({ workflowsPath: CASE_WORKFLOWS_PATH, preloadModules: SHARED_WORKFLOW_MODULES, logger: new DefaultLogger('ERROR') as any,
      webpackConfigHook: (c) => ({ ...c, devtool }) });
    console.log(devtool, 'code bytes', variants[devtool].code.length);
  }
  const conn = await NativeConnection.connect({ address: server.address });
  for (let round = 0; round < 4; round++) for (const devtool of Object.keys(variants)) {
    const cpu0 = process.cpuUsage(); const t0 = Date.now();
    const w = await Worker.create({ connection: conn, taskQueue: 'q' + round + devtool, workflowBundle: variants[devtool], activities: {} });
    const running = w.run(); await new Promise((r) => setTimeout(r, 300)); w.shutdown(); await running;
    const c = process.cpuUsage(cpu0);
    console.log(devtool.padEnd(30), 'wall', Date.now() - t0, 'cpu ms', Math.round((c.user + c.system) / 1000));
  }
  await conn.close(); await server.close();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
