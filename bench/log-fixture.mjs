// Writes a container record and a json-lines log of a given size in the isle-shim's format (Docker's json-file
// driver: {"log":"...\n","stream":"stdout","time":"RFC 3339 nano"}) into an islander store, so `islander logs`
// can be measured without running a container for minutes. Usage: node log-fixture.mjs ROOT NAME MEGABYTES
import {closeSync, mkdirSync, openSync, writeFileSync, writeSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {join} from 'node:path';

const [root, name, megabytes] = process.argv.slice(2);
if (!root || !name || !megabytes) {
  console.error('usage: node log-fixture.mjs ROOT NAME MEGABYTES');
  process.exit(2);
}
const id = randomBytes(32).toString('hex');
const dir = join(root, 'containers', id);
mkdirSync(join(root, 'containers', '.names'), {recursive: true});
mkdirSync(dir, {recursive: true});
const now = new Date().toISOString();
const record = {
  id, name, created: now, image: {id: '0'.repeat(64), name: 'fixture'}, path: 'sh', args: [],
  config: {image: 'fixture', entrypoint: [], cmd: ['sh'], env: [], workingDir: '/', user: '', hostname: id.slice(0, 12), tty: false, openStdin: false},
  hostConfig: {autoRemove: false, resources: {}, restartPolicy: {name: 'no', maximumRetryCount: 0}, init: false, logConfig: {maxSize: 0, maxFile: 1}},
  state: {status: 'exited', pid: 0, shimPid: 0, shimStartTime: 0, exitCode: 0, oomKilled: false, startedAt: now, finishedAt: now, restartCount: 0, error: ''},
};
writeFileSync(join(dir, 'container.json'), JSON.stringify(record, null, 2) + '\n');
writeFileSync(join(root, 'containers', '.names', name), id);

// Lines of 20–120 characters, one in ten on stderr, a tab now and then (an escape the fast path hands to JSON.parse).
const target = Number(megabytes) * 1024 * 1024;
const fd = openSync(join(dir, 'container.log'), 'w');
const start = Date.parse('2026-01-02T15:04:05Z');
let written = 0;
let chunk = '';
for (let line = 0; written < target; line++) {
  const text = `line ${line} ` + 'lorem ipsum dolor sit amet '.repeat(1 + (line % 4)) + (line % 50 === 0 ? '\tend' : '');
  const ms = start + Math.floor(line / 10);
  const time = new Date(ms).toISOString().replace('Z', `${String(line % 1_000_000).padStart(6, '0')}Z`);
  const entry = JSON.stringify({log: `${text}\n`, stream: line % 10 === 9 ? 'stderr' : 'stdout', time}) + '\n';
  chunk += entry;
  written += Buffer.byteLength(entry);
  if (chunk.length > 1 << 20) {
    writeSync(fd, chunk);
    chunk = '';
  }
}
writeSync(fd, chunk);
closeSync(fd);
console.log(id);
