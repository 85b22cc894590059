// Preloaded into each app by the bench (node -r): what its resident memory holds at its peak.
// Every 100 ms it reads process.memoryUsage() and V8's heap spaces; when RSS passes the highest
// seen by any process of this app in the run (the bench restarts apps between phases), it writes
// the breakdown to MEMORY_PROBE_DIR/<MEMORY_PROBE_APP>.json. Reading costs microseconds; a write
// happens only at a new peak. Plain JavaScript: it runs before anything is compiled.
'use strict';
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const v8 = require('node:v8');

const dir = process.env.MEMORY_PROBE_DIR;
const app = process.env.MEMORY_PROBE_APP;
const MB = 1024 * 1024;

if (dir && app) {
  const file = join(dir, `${app}.json`);
  mkdirSync(dir, { recursive: true });
  let highest = 0;
  try {
    highest = JSON.parse(readFileSync(file, 'utf8')).rssMb;
  } catch {
    // The first process of this app in the run.
  }
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    const rssMb = usage.rss / MB;
    if (rssMb <= highest + 1) return;
    highest = rssMb;
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.space_size / MB)]));
    const heapMb = usage.heapTotal / MB;
    const externalMb = usage.external / MB;
    const breakdown = {
      rssMb: Math.round(rssMb),
      heapTotalMb: Math.round(heapMb),
      heapUsedMb: Math.round(usage.heapUsed / MB),
      newSpaceMb: spaces.new_space ?? 0,
      oldSpaceMb: spaces.old_space ?? 0,
      // Buffers and other memory V8 objects point to outside the heap (arrayBuffers is part of it).
      externalMb: Math.round(externalMb),
      arrayBuffersMb: Math.round(usage.arrayBuffers / MB),
      // Code, thread stacks, the native libraries' own allocations and freed pages not yet returned.
      outsideV8Mb: Math.round(rssMb - heapMb - externalMb),
      spaces,
    };
    try {
      writeFileSync(file, `${JSON.stringify(breakdown)}\n`);
    } catch {
      // A probe never takes the app down.
    }
  }, 100);
  timer.unref();
}
