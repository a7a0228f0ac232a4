/** `npm run maintenance`: one maintenance pass now, with its counts by task (see docs/operations.md). */
import { loadConfig } from './config.js';
import { createErasure } from './flows/account-deletion/erase.js';
import { createDeletionRepository } from './flows/account-deletion/repository.js';
import { createAuditRepository } from './platform/audit-repository.js';
import { createAudit } from './platform/audit.js';
import { systemClock } from './platform/clock.js';
import { openForCommand } from './platform/db/command.js';
import { createMaintenance, maintenanceTasks } from './platform/maintenance/index.js';
import { createMaintenanceRepository } from './platform/maintenance/repository.js';
import { createMetrics } from './platform/metrics.js';

const config = loadConfig();
const opened = await openForCommand(config, 'npm run maintenance');
if (!opened) process.exit(1);
const metrics = createMetrics();
// The same pieces the server's container builds for its own passes (the command has no server).
const audit = createAudit({ db: opened.db, repo: createAuditRepository(), clock: systemClock });
const erasure = createErasure({ db: opened.db, clock: systemClock, repo: createDeletionRepository(), audit });
const tasks = maintenanceTasks({
  db: opened.db,
  repo: createMaintenanceRepository(),
  settings: config.maintenance,
  eraseDue: erasure.eraseDue,
});
const maintenance = createMaintenance({
  tasks,
  clock: systemClock,
  settings: config.maintenance,
  metrics,
  log: {
    info: () => undefined,
    error: (details, message) => console.error(message, details),
  },
});
try {
  const counts = await maintenance.runOnce();
  for (const [task, n] of Object.entries(counts)) console.log(`${task}\t${n}`);
  // A failed task was logged above and has no count.
  if (Object.keys(counts).length < tasks.length) process.exitCode = 1;
} finally {
  metrics.stop();
  await opened.close();
}
