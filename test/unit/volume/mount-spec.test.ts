import {describe, expect, it} from 'vitest';
import {usageMessage} from '../usage-error.js';
import {parseMountFlag, parseMountFlags, parseTmpfsFlag, parseVolumeFlag} from '../../../src/container/mount-spec.js';

describe('-v', () => {
  it('is a volume for a name and a bind for an absolute path', () => {
    expect(parseVolumeFlag('data:/var/data:ro')).toEqual({type: 'volume', name: 'data', destination: '/var/data', readonly: true, noCopy: false});
    expect(parseVolumeFlag('/srv/x/:/x/')).toEqual({type: 'bind', source: '/srv/x', destination: '/x', readonly: false, propagation: 'rprivate', createSource: true});
    expect(parseVolumeFlag('/srv:/srv:ro,rshared')).toMatchObject({readonly: true, propagation: 'rshared'});
    expect(parseVolumeFlag('/srv:/srv:rslave,z')).toMatchObject({propagation: 'rslave'});
    expect(parseVolumeFlag('data:/d:nocopy')).toMatchObject({noCopy: true});
  });

  it('refuses what Docker refuses, in one line', () => {
    expect(usageMessage(() => parseVolumeFlag('/data'))).toMatch(/anonymous volumes/);
    expect(usageMessage(() => parseVolumeFlag('data:relative'))).toMatch(/absolute path/);
    expect(usageMessage(() => parseVolumeFlag('data:/'))).toMatch(/'\/'/);
    expect(usageMessage(() => parseVolumeFlag('data:/d:rshared'))).toMatch(/bind mounts/);
    expect(usageMessage(() => parseVolumeFlag('data:/d:bogus'))).toMatch(/unknown option 'bogus'/);
    expect(usageMessage(() => parseVolumeFlag('x:/d'))).toMatch(/invalid volume name/);
    expect(usageMessage(() => parseVolumeFlag('a:/b:ro:x'))).toMatch(/SOURCE:DEST/);
  });
});

describe('--mount', () => {
  it('reads Docker\'s fields and aliases', () => {
    expect(parseMountFlag('type=bind,source=/a,target=/b,readonly,bind-propagation=rslave')).toEqual({
      type: 'bind', source: '/a', destination: '/b', readonly: true, propagation: 'rslave', createSource: false,
    });
    expect(parseMountFlag('src=vol,dst=/v,ro=false,volume-nocopy')).toEqual({type: 'volume', name: 'vol', destination: '/v', readonly: false, noCopy: true});
    expect(parseMountFlag('type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770')).toEqual({
      type: 'tmpfs', destination: '/t', readonly: false, options: ['noexec', 'nosuid', 'nodev', 'size=1048576', 'mode=1770'],
    });
  });

  it('refuses unknown and misplaced fields', () => {
    expect(usageMessage(() => parseMountFlag('type=nfs,dst=/x'))).toMatch(/unknown mount type 'nfs'/);
    expect(usageMessage(() => parseMountFlag('type=bind,dst=/x'))).toMatch(/needs a source/);
    expect(usageMessage(() => parseMountFlag('type=bind,src=rel,dst=/x'))).toMatch(/absolute host path/);
    expect(usageMessage(() => parseMountFlag('type=volume,src=v,dst=/x,tmpfs-size=1m'))).toMatch(/does not apply/);
    expect(usageMessage(() => parseMountFlag('src=v'))).toMatch(/needs a destination/);
    expect(usageMessage(() => parseMountFlag('src=v,dst=/a,colour=red'))).toMatch(/unknown field 'colour'/);
    expect(usageMessage(() => parseMountFlag('type=bind,src=/a,dst=/b,bind-propagation=sideways'))).toMatch(/bind-propagation/);
  });
});

describe('--tmpfs', () => {
  it('keeps Docker\'s defaults unless overridden', () => {
    expect(parseTmpfsFlag('/run')).toEqual({type: 'tmpfs', destination: '/run', readonly: false, options: ['noexec', 'nosuid', 'nodev']});
    expect(parseTmpfsFlag('/run:exec,size=64m,nr_inodes=1k,mode=1777,uid=1000,ro')).toEqual({
      type: 'tmpfs', destination: '/run', readonly: true,
      options: ['exec', 'nosuid', 'nodev', 'size=67108864', 'nr_inodes=1024', 'mode=1777', 'uid=1000'],
    });
    expect(parseTmpfsFlag('/x:size=50%').options).toContain('size=50%');
  });

  it('refuses bad values', () => {
    expect(usageMessage(() => parseTmpfsFlag('/x:size=lots'))).toMatch(/invalid tmpfs size/);
    expect(usageMessage(() => parseTmpfsFlag('/x:mode=999'))).toMatch(/octal/);
    expect(usageMessage(() => parseTmpfsFlag('/x:nr_inodes=0'))).toMatch(/nr_inodes/);
    expect(usageMessage(() => parseTmpfsFlag('/x:huge=1'))).toMatch(/unknown tmpfs option/);
  });
});

it('refuses two mounts on one destination', () => {
  expect(usageMessage(() => parseMountFlags({volumes: ['a1:/d'], mounts: [], tmpfs: ['/d/']}))).toMatch(/duplicate mount point '\/d'/);
});

it('takes ./relative -v sources as host paths, as Docker\'s CLI does', () => {
  expect(parseVolumeFlag('./here:/h:ro')).toMatchObject({type: 'bind', source: `${process.cwd()}/here`, destination: '/h', readonly: true});
  expect(parseVolumeFlag('.:/h')).toMatchObject({type: 'bind', source: process.cwd()});
});
