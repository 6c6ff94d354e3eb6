import {afterEach, describe, expect, it} from 'vitest';
import {islander} from '../helpers.js';
import {expectOk, Made, mountsOf, runSh} from './volume-helpers.js';

const made = new Made();
afterEach(() => made.cleanup());

describe('tmpfs mounts', () => {
  it('size=1m refuses the second megabyte (ENOSPC)', async () => {
    const result = await runSh(['--tmpfs', '/t:size=1m'],
      'dd if=/dev/zero of=/t/first bs=1024 count=1000 2>/dev/null && echo first-ok; dd if=/dev/zero of=/t/second bs=1024 count=1024 2>&1');
    expect(result.stdout).toContain('first-ok\n');
    expect(result.stdout).toMatch(/No space left on device/);
  });

  it('nr_inodes is enforced', async () => {
    // The root directory takes one inode of the 16.
    const result = expectOk(await runSh(['--tmpfs', '/t:nr_inodes=16'], 'n=0; while touch /t/f$n 2>/dev/null; do n=$((n+1)); [ $n -gt 100 ] && break; done; echo $n'));
    expect(result.stdout).toBe('15\n');
  });

  it('gets Docker\'s defaults and the given mode', async () => {
    const result = expectOk(await runSh(['--tmpfs', '/t:mode=1770,size=64m'], 'stat -c %a /t; grep " /t " /proc/mounts'));
    const [mode, line] = result.stdout.trim().split('\n');
    expect(mode).toBe('1770');
    expect(line).toMatch(/^tmpfs \/t tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k,mode=1770/);
  });

  it('one on a default destination replaces it (/dev/shm)', async () => {
    const result = expectOk(await runSh(['--tmpfs', '/dev/shm:size=1m,exec'], 'grep " /dev/shm " /proc/mounts'));
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/size=1024k/);
  });

  it('--read-only refuses writes to / while /dev/shm, /etc/hosts and a --tmpfs /tmp stay writable', async () => {
    const result = await runSh(['--read-only', '--tmpfs', '/tmp'],
      'touch /tmp/ok && echo tmp-ok; echo > /dev/shm/ok && echo shm-ok; echo "# x" >> /etc/hosts && echo hosts-ok; touch /root-file');
    expect(result.stdout).toBe('tmp-ok\nshm-ok\nhosts-ok\n');
    expect(result.stderr).toMatch(/root-file: Read-only file system/);
    expect(result.exitCode).not.toBe(0);
    // Mount points missing from the image are still made (before the rootfs turns read-only).
    const volume = made.volume('rovol');
    expectOk(await runSh(['--read-only', '-v', `${volume}:/new/dir`], 'touch /new/dir/ok'));
    const container = made.container('ro');
    expectOk(await islander(['create', '--name', container, '--read-only', 'alpine-stress', 'true']));
    const [inspected] = JSON.parse((await islander(['inspect', container])).stdout) as Array<{HostConfig: {ReadonlyRootfs: boolean}}>;
    expect(inspected!.HostConfig.ReadonlyRootfs).toBe(true);
  });

  it('the original spellings make the same mounts as Docker\'s syntax', async () => {
    const volume = made.volume('spelling');
    const words = made.container('words');
    const docker = made.container('docker');
    expectOk(await islander(['create', '--name', words, '--mount', 'src', '/tmp', 'dst', '/host-tmp', '--volume', 'src', volume, 'dst', '/data',
      '--tmpfs', 'dst', '/scratch', 'size', '2G', 'nr_inodes', '1k', 'alpine-stress', 'true']));
    expectOk(await islander(['create', '--name', docker, '--mount', 'type=bind,src=/tmp,dst=/host-tmp', '-v', `${volume}:/data`,
      '--mount', 'type=tmpfs,dst=/scratch,tmpfs-size=2g', 'alpine-stress', 'true']));
    const sorted = (mounts: Awaited<ReturnType<typeof mountsOf>>) => [...mounts].sort((a, b) => a.Destination.localeCompare(b.Destination));
    expect(sorted(await mountsOf(words))).toEqual(sorted(await mountsOf(docker)));
    const result = expectOk(await islander(['run', '--rm', '--tmpfs', 'dst', '/scratch', 'size', '2m', 'nr_inodes', '1k', '--volume', 'src', volume, 'dst', '/data',
      'alpine-stress', 'sh', '-c', 'grep " /scratch " /proc/mounts; touch /data/ok']));
    expect(result.stdout).toMatch(/size=2048k,nr_inodes=1024/);
  });

  it('a tmpfs-driver volume is a fresh tmpfs with its options in every container', async () => {
    const volume = made.volume('tmpfsdrv');
    expectOk(await islander(['volume', 'create', '--driver', 'tmpfs', '--opt', 'size=1m', '--opt', 'nr_inodes=1k', volume]));
    const first = expectOk(await runSh(['-v', `${volume}:/v`], 'grep " /v " /proc/mounts; echo x > /v/f'));
    expect(first.stdout).toMatch(/^tmpfs \/v tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k,nr_inodes=1024/);
    expectOk(await runSh(['-v', `${volume}:/v`], '[ ! -e /v/f ]'));
    expect((await islander(['volume', 'create', '--driver', 'tmpfs', '--opt', 'colour=red', made.volume('bad')])).stderr).toMatch(/unknown tmpfs volume option 'colour'/);
    expect((await islander(['volume', 'create', volume])).stderr).toMatch(/already exists with the tmpfs driver, not local/);
  });

  it('refuses malformed options with one line, exit 125', async () => {
    for (const flags of [['--tmpfs', '/t:size=big'], ['--tmpfs', 'relative'], ['--tmpfs', '/t:mode=9'], ['--mount', 'type=tmpfs,src=x,dst=/t'], ['--tmpfs', '/t', '-v', 'abc:/t']]) {
      const result = await runSh(flags, 'true');
      expect(result.exitCode).toBe(125);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });
});
