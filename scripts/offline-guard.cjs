// Preloaded into tools that try to phone home (electronegativity fetches translations at start):
// every name lookup fails at once, so not even a DNS query leaves this machine.
'use strict';
const dns = require('node:dns');
const refuse = (hostname, options, callback) => {
  const done = typeof options === 'function' ? options : callback;
  const error = Object.assign(new Error(`offline: lookup of ${hostname} refused`), { code: 'ENOTFOUND', hostname });
  process.nextTick(() => done(error));
};
dns.lookup = refuse;
dns.promises.lookup = (hostname) => Promise.reject(Object.assign(new Error(`offline: lookup of ${hostname} refused`), { code: 'ENOTFOUND' }));
