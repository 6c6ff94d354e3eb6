import {describe, expect, it} from 'vitest';
import {compileTemplate, isTemplate, unescapeListFormat} from '../../../src/cli/template.js';

const container = {
  Id: 'abc123',
  Name: '/web',
  Args: ['-c', 'echo hi'],
  State: {Status: 'running', Running: true, ExitCode: 0, Pid: 42},
  Config: {Env: ['A=1', 'B=2'], Labels: {app: 'shop', tier: 'front'}, Cmd: null},
  Mounts: [{Source: '/v/a', Destination: '/a'}, {Source: '/v/b', Destination: '/b'}],
  NetworkSettings: {Networks: {bridge: {IPAddress: '10.88.0.2'}}},
};
const render = (source: string, data: unknown = container): string => compileTemplate(source)(data);

describe('--format templates (Go text/template as docker uses it)', () => {
  it('reads fields, nested fields and the dot itself, and prints values as Go does', () => {
    expect(render('{{.State.Status}} {{.State.Pid}} {{.State.Running}}')).toBe('running 42 true');
    expect(render('{{.Args}} {{.Config.Labels}}')).toBe('[-c echo hi] map[app:shop tier:front]');
    expect(render('{{.Nope}} {{.State.Nope.Deeper}} {{.Config.Cmd}}')).toBe('<no value> <no value> <nil>');
    expect(render('{{.}}', 'plain')).toBe('plain');
  });

  it('has json, index, join, len, upper, lower, title, split and printf, called or piped', () => {
    expect(render('{{json .Config.Env}}|{{json .State}}')).toBe('["A=1","B=2"]|{"Status":"running","Running":true,"ExitCode":0,"Pid":42}');
    expect(render('{{index .Config.Labels "app"}} {{index .Args 1}} {{index .Config.Labels "none"}}')).toBe('shop echo hi <no value>');
    expect(render('{{join .Config.Env ","}} {{len .Mounts}} {{.State.Status | upper}} {{lower "ABC"}} {{title "a b"}}')).toBe('A=1,B=2 2 RUNNING abc A B');
    expect(render('{{printf "%s=%d%%" .Name .State.Pid}} {{.Name | printf "%q"}} {{index (split "a:b" ":") 1}}')).toBe('/web=42% "/web" b');
  });

  it('runs range over lists and maps (by key), if/else, with, and the comparison functions', () => {
    expect(render('{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}')).toBe('/v/a:/a /v/b:/b ');
    expect(render('{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}')).toBe('10.88.0.2');
    expect(render('{{range .Config.Labels}}{{.}},{{end}}')).toBe('shop,front,');
    expect(render('{{range .Nope}}x{{else}}none{{end}}')).toBe('none');
    expect(render('{{if .State.Running}}up{{else}}down{{end}} {{if eq .State.Status "exited"}}gone{{else}}here{{end}}')).toBe('up here');
    expect(render('{{if and .State.Running (not .State.ExitCode)}}ok{{end}} {{if or .Nope .Name}}named{{end}} {{if ne .Id "x"}}ne{{end}}')).toBe('ok named ne');
    expect(render('{{with .State}}{{.Pid}}{{end}} {{with .Nope}}x{{else}}empty{{end}}')).toBe('42 empty');
    const chain = '{{if eq .State.Status "paused"}}P{{else if .State.Running}}R{{else}}S{{end}}';
    expect([render(chain), render(chain, {State: {Status: 'paused'}}), render(chain, {State: {Status: 'exited'}})]).toEqual(['R', 'P', 'S']);
  });

  it('trims space with {{- and -}}, and leaves other text alone', () => {
    expect(render('a  {{- .Name -}}  b\n{{- " c"}}')).toBe('a/webb c');
    expect(render('x {{/* a comment */}}y')).toBe('x y');
  });

  it('refuses what it does not support, or bad syntax, as a usage error naming --format json', () => {
    for (const bad of ['{{.Name', '{{range .Mounts}}x', '{{end}}', '{{nosuch .Name}}', '{{$x := .Name}}', '{{"open}}', '{{}}', '{{.A | }}',
      '{{if .A}}x{{else with .B}}y{{end}}', '{{if .A}}x{{else if .B}}y']) {
      expect(() => compileTemplate(bad), bad).toThrow(/^the --format template .* cannot be used: /);
    }
    expect(() => compileTemplate('{{nosuch}}')).toThrow(expect.objectContaining({
      message: "the --format template '{{nosuch}}' cannot be used: the function 'nosuch' is not supported",
      suggestion: "see Go's text/template, or use --format json",
    }));
  });

  it('tells a template from the table and json keywords, and reads \\t and \\n in list formats', () => {
    expect([isTemplate('{{.ID}}'), isTemplate('json'), isTemplate('table'), isTemplate(undefined)]).toEqual([true, false, false, false]);
    expect(unescapeListFormat('{{.ID}}\\t{{.Names}}\\n')).toBe('{{.ID}}\t{{.Names}}\n');
  });
});
