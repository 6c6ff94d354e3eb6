// Writes a container record and a json-lines log of a given size in the isle-shim's format (Docker's json-file
// driver: {"log":"...\n","stream":"stdout","time":"RFC 3339 nano"}) into an islander store, so `islander logs`
// can be measured without running a container for minutes. The lines are LINE_TEXT with a counter, exactly what
// bench/logs.sh makes the podman container print. Usage: node log-fixture.mjs ROOT NAME LINES
import {closeSync, mkdirSync, openSync, writeFileSync, writeSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {join} from 'node:path';

export const LINE_TEXT = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor';

const [root, name, lines] = process.argv.slice(2);
if (!root || !name || !lines) {
  console.error('usage: node log-fixture.mjs ROOT NAME LINES');
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

const fd = openSync(join(dir, 'container.log'), 'w');
const start = Date.parse('2026-01-02T15:04:05Z');
let chunk = '';
for (let line = 0; line < Number(lines); line++) {
  // Nanosecond timestamps, as the shim writes them: 1000 lines a millisecond.
  const time = new Date(start + Math.floor(line / 1000)).toISOString().replace('Z', `${String(line % 1000).padStart(6, '0')}Z`);
  chunk += JSON.stringify({log: `line ${line} ${LINE_TEXT}\n`, stream: 'stdout', time}) + '\n';
  if (chunk.length > 1 << 20) {
    writeSync(fd, chunk);
    chunk = '';
  }
}
writeSync(fd, chunk);
closeSync(fd);
console.log(id);
