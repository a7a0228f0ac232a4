// Preloaded with `node --require ./scripts/threadpool.cjs` (see package.json "start"): sizes
// libuv's thread pool, which argon2 password hashing, file reads and DNS look-ups share, from the
// machine's cores when UV_THREADPOOL_SIZE is not set (never below libuv's default of 4).
//
// Why a CommonJS preload: libuv reads UV_THREADPOOL_SIZE once, when the pool first starts, and
// Node's ESM loader already starts it to read the entry module (an asynchronous file read). Set
// from inside an ES module, even on its first line, the variable comes too late; a --require
// preload runs synchronously before the entry is loaded.
/* global process */
'use strict';
if (!process.env.UV_THREADPOOL_SIZE) {
  const os = process.getBuiltinModule('node:os');
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  process.env.UV_THREADPOOL_SIZE = String(Math.max(4, cores));
}
