/**
 * `polyvisor`: a virsh-style command line over any polyvisor driver.
 * `runCli(argv)` is the whole program, so tests drive it in-process.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import {
  openConnection, PolyvisorError, ErrorCode, type Connection, type Driver, type Domain, type PolyvisorEvent, type StoragePool,
} from '@polyvisor/core';
import { loadDrivers } from './drivers.js';
import { bytes, fields, kib, table } from './format.js';
import { registerConsoleCommands } from './console.js';
import { registerMigrateVerbs } from './migrate.js';
import { registerDbusVerb } from '@polyvisor/dbus/cli';
import { registerVolumeVerbs } from './volumes.js';
import { registerAgentCommand } from './agent.js';

/** Where the CLI writes. */
export interface CliIo {
  /** Standard output. */
  stdout: (s: string) => void;
  /** Standard error. */
  stderr: (s: string) => void;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Output sinks (default: the process streams). */
  io?: CliIo;
  /** Drivers to use (default: the test driver plus installed driver packages). */
  drivers?: Driver[];
  /** Environment (default: `process.env`), read for `POLYVISOR_DEFAULT_URI`. */
  env?: Record<string, string | undefined>;
}

/** The URI used when neither `-c` nor `POLYVISOR_DEFAULT_URI` is given. */
export const DEFAULT_URI = 'test:///default';

const onOff = (b: boolean) => (b ? 'enable' : 'disable');
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** Runs the CLI with `argv` (without `node` and the script name); resolves to the exit code. */
export async function runCli(argv: string[], options: RunCliOptions = {}): Promise<number> {
  const io: CliIo = options.io ?? { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };
  const env = options.env ?? process.env;
  let conn: Connection | undefined;
  let drivers: Driver[] | undefined = options.drivers;
  const out = (s: string) => io.stdout(s.endsWith('\n') ? s : `${s}\n`);
  const json = (v: unknown) => out(JSON.stringify(v, null, 2));

  const program = new Command('polyvisor');
  program
    .description('Manage virtual machines, networks and storage through polyvisor drivers (virsh-style).')
    .option('-c, --connect <uri>', 'hypervisor connection URI (default: $POLYVISOR_DEFAULT_URI or test:///default)')
    .option('-r, --readonly', 'connect read-only')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });

  const connect = async (): Promise<Connection> => {
    if (conn) return conn;
    const g = program.opts<{ connect?: string; readonly?: boolean }>();
    const uri = g.connect ?? env.POLYVISOR_DEFAULT_URI ?? DEFAULT_URI;
    drivers ??= await loadDrivers();
    conn = await openConnection(uri, { drivers, readOnly: g.readonly === true });
    return conn;
  };
  const dom = async (key: string): Promise<Domain> => (await connect()).domains.lookup(key);
  const pool = async (key: string): Promise<StoragePool> => (await connect()).storagePools.lookup(key);
  const readArg = async (file: string): Promise<string> => {
    try {
      return await readFile(file, 'utf8');
    } catch (err) {
      throw new PolyvisorError(ErrorCode.INVALID_ARG, `failed to read file '${file}': ${(err as Error).message}`, { cause: err });
    }
  };
  const jsonOpt = () => new Option('--json', 'print JSON');

  // ------------------------------------------------------------ domains
  program
    .command('list')
    .description('list domains (running ones unless --all/--inactive)')
    .option('--all', 'list active and inactive domains')
    .option('--inactive', 'list inactive domains')
    .option('--persistent', 'only persistent domains')
    .option('--transient', 'only transient domains')
    .option('--autostart', 'only autostarting domains')
    .option('--no-autostart', 'only non-autostarting domains')
    .option('--name', 'print names only')
    .option('--uuid', 'print UUIDs only')
    .addOption(jsonOpt())
    .action(async (o: { all?: boolean; inactive?: boolean; persistent?: boolean; transient?: boolean; autostart?: boolean; name?: boolean; uuid?: boolean; json?: boolean }, cmd: Command) => {
      const c = await connect();
      const filter: { active?: boolean; persistent?: boolean; autostart?: boolean } = {};
      if (o.inactive) filter.active = false;
      else if (!o.all) filter.active = true;
      if (o.persistent) filter.persistent = true;
      if (o.transient) filter.persistent = false;
      const src = cmd.getOptionValueSource('autostart');
      if (src === 'cli') filter.autostart = o.autostart;
      const doms = await c.domains.list(filter);
      if (o.json) return json(doms.map((d) => d.toJSON()));
      if (o.name) return out(doms.map((d) => d.name).join('\n') + '\n');
      if (o.uuid) return out(doms.map((d) => d.uuid).join('\n') + '\n');
      out(table(['Id', 'Name', 'State'], doms.map((d) => [d.id >= 0 ? String(d.id) : '-', d.name, d.state === 'shutoff' ? 'shut off' : d.state === 'shutdown' ? 'in shutdown' : d.state])));
    });

  program
    .command('dominfo <domain>')
    .description('domain information')
    .addOption(jsonOpt())
    .action(async (key: string, o: { json?: boolean }) => {
      const d = await dom(key);
      const info = await d.getInfo();
      const spec = await d.getSpec();
      if (o.json) return json({ ...d.toJSON(), osType: spec.os.type, ...info });
      out(fields([
        ['Id', d.id >= 0 ? d.id : '-'], ['Name', d.name], ['UUID', d.uuid], ['OS Type', spec.os.type], ['State', info.state === 'shutoff' ? 'shut off' : info.state],
        ['CPU(s)', info.vcpus], ['CPU time', d.active ? `${(info.cpuTime / 1e9).toFixed(1)}s` : undefined], ['Max memory', kib(info.maxMemory)], ['Used memory', kib(info.memory)],
        ['Persistent', yesNo(d.persistent)], ['Autostart', onOff(d.autostart)],
      ]));
    });

  program
    .command('domstats [domain]')
    .description('bulk statistics of one domain, or of every running domain')
    .addOption(jsonOpt())
    .action(async (key: string | undefined, o: { json?: boolean }) => {
      const all = key ? [await (await dom(key)).getStats()] : await (await connect()).domains.getAllStats();
      if (o.json) return json(all);
      const lines: string[] = [];
      for (const st of all) {
        lines.push(`Domain: '${st.name}'`, `  state.state=${st.state.state}`, `  state.reason=${st.state.reason}`);
        if (st.cpu) lines.push(`  cpu.time=${st.cpu.time}`, ...(st.cpu.user !== undefined ? [`  cpu.user=${st.cpu.user}`, `  cpu.system=${st.cpu.system}`] : []));
        if (st.balloon) for (const [k, v] of Object.entries(st.balloon)) lines.push(`  balloon.${k}=${v}`);
        if (st.vcpus) lines.push(`  vcpu.current=${st.vcpus.length}`, ...st.vcpus.map((v) => `  vcpu.${v.id}.state=${v.state ?? 'unknown'}`));
        if (st.block) {
          lines.push(`  block.count=${st.block.length}`);
          st.block.forEach((b, i) => lines.push(`  block.${i}.name=${b.name}`, ...(b.path ? [`  block.${i}.path=${b.path}`] : []), `  block.${i}.rd.reqs=${b.rdReqs}`, `  block.${i}.rd.bytes=${b.rdBytes}`, `  block.${i}.wr.reqs=${b.wrReqs}`, `  block.${i}.wr.bytes=${b.wrBytes}`));
        }
        if (st.net) {
          lines.push(`  net.count=${st.net.length}`);
          st.net.forEach((n, i) => lines.push(`  net.${i}.name=${n.name}`, `  net.${i}.rx.bytes=${n.rxBytes}`, `  net.${i}.rx.pkts=${n.rxPackets}`, `  net.${i}.tx.bytes=${n.txBytes}`, `  net.${i}.tx.pkts=${n.txPackets}`));
        }
        lines.push('');
      }
      out(lines.join('\n'));
    });

  program
    .command('domstate <domain>')
    .description('domain state')
    .option('--reason', 'also print the reason')
    .addOption(jsonOpt())
    .action(async (key: string, o: { reason?: boolean; json?: boolean }) => {
      const st = await (await dom(key)).getState();
      if (o.json) return json(st);
      const s = st.state === 'shutoff' ? 'shut off' : st.state;
      out(o.reason ? `${s} (${st.reason})` : s);
    });

  program
    .command('dumpxml <domain>')
    .description('domain XML')
    .option('--inactive', 'the persistent definition')
    .action(async (key: string, o: { inactive?: boolean }) => out(await (await dom(key)).getXML({ inactive: o.inactive === true })));

  program
    .command('define <file>')
    .description('define (but do not start) a domain from an XML file')
    .action(async (file: string) => {
      const d = await (await connect()).domains.define(await readArg(file));
      out(`Domain '${d.name}' defined from ${file}`);
    });

  program
    .command('create <file>')
    .description('create (start) a transient domain from an XML file')
    .option('--paused', 'leave the guest paused')
    .action(async (file: string, o: { paused?: boolean }) => {
      const d = await (await connect()).domains.createTransient(await readArg(file), { paused: o.paused === true });
      out(`Domain '${d.name}' created from ${file}`);
    });

  program
    .command('undefine <domain>')
    .description('undefine a domain')
    .action(async (key: string) => {
      const d = await dom(key);
      await d.undefine();
      out(`Domain '${d.name}' has been undefined`);
    });

  const simple = (name: string, desc: string, run: (d: Domain) => Promise<void>, msg: (n: string) => string) =>
    program
      .command(`${name} <domain>`)
      .description(desc)
      .action(async (key: string) => {
        const d = await dom(key);
        await run(d);
        out(msg(d.name));
      });

  program
    .command('start <domain>')
    .description('start a (previously defined) inactive domain')
    .option('--paused', 'leave the guest paused')
    .action(async (key: string, o: { paused?: boolean }) => {
      const d = await dom(key);
      await d.start({ paused: o.paused === true });
      out(`Domain '${d.name}' started`);
    });
  program
    .command('shutdown <domain>')
    .description('gracefully shut down a domain')
    .option('--mode <mode>', 'acpi, agent, signal, ...')
    .option('--wait', 'wait until it is shut off')
    .option('--timeout <seconds>', 'give up waiting after this long', '300')
    .action(async (key: string, o: { mode?: string; wait?: boolean; timeout: string }) => {
      const d = await dom(key);
      await d.shutdown({ ...(o.mode ? { mode: o.mode as never } : {}), wait: o.wait === true, timeoutMs: Number(o.timeout) * 1000 });
      out(`Domain '${d.name}' is being shutdown`);
    });
  simple('reboot', 'reboot a domain', (d) => d.reboot(), (n) => `Domain '${n}' is being rebooted`);
  simple('reset', 'reset a domain', (d) => d.reset(), (n) => `Domain '${n}' was reset`);
  simple('destroy', 'destroy (stop) a domain', (d) => d.destroy(), (n) => `Domain '${n}' destroyed`);
  simple('suspend', 'suspend a domain', (d) => d.suspend(), (n) => `Domain '${n}' suspended`);
  simple('resume', 'resume a domain', (d) => d.resume(), (n) => `Domain '${n}' resumed`);

  program
    .command('autostart <domain>')
    .description('autostart a domain')
    .option('--disable', 'disable autostarting')
    .action(async (key: string, o: { disable?: boolean }) => {
      const d = await dom(key);
      await d.setAutostart(!o.disable);
      out(o.disable ? `Domain '${d.name}' unmarked as autostarted` : `Domain '${d.name}' marked as autostarted`);
    });

  program
    .command('domrename <domain> <newname>')
    .description('rename an inactive domain')
    .action(async (key: string, newName: string) => {
      const d = await dom(key);
      await d.rename(newName);
      out('Domain successfully renamed');
    });

  program
    .command('setmem <domain> <kib>')
    .description('change current memory (KiB)')
    .action(async (key: string, size: string) => {
      if (!/^[0-9]+$/.test(size)) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid memory size '${size}'`);
      await (await dom(key)).setMemory(Number(size));
    });

  program
    .command('desc <domain> [text]')
    .description('show or set the domain description (or --title)')
    .option('--title', 'the title instead of the description')
    .action(async (key: string, text: string | undefined, o: { title?: boolean }) => {
      const d = await dom(key);
      const type = o.title ? 'title' : 'description';
      if (text === undefined) {
        try {
          out(await d.getMetadata(type));
        } catch (err) {
          if (err instanceof PolyvisorError && err.code === ErrorCode.INVALID_ARG) out(`No ${type} for domain: ${d.name}`);
          else throw err;
        }
        return;
      }
      await d.setMetadata(type, text);
      out(`Domain ${type} updated successfully`);
    });

  // ------------------------------------------------------------ networks
  program
    .command('net-list')
    .description('list networks')
    .option('--all', 'active and inactive')
    .option('--inactive', 'inactive only')
    .addOption(jsonOpt())
    .action(async (o: { all?: boolean; inactive?: boolean; json?: boolean }) => {
      const nets = await (await connect()).networks.list(o.inactive ? { active: false } : o.all ? {} : { active: true });
      if (o.json) return json(nets.map((n) => n.toJSON()));
      out(table(['Name', 'State', 'Autostart', 'Persistent'], nets.map((n) => [n.name, n.active ? 'active' : 'inactive', n.autostart ? 'yes' : 'no', n.persistent ? 'yes' : 'no'])));
    });
  program
    .command('net-info <network>')
    .description('network information')
    .addOption(jsonOpt())
    .action(async (key: string, o: { json?: boolean }) => {
      const n = await (await connect()).networks.lookup(key);
      const i = await n.getInfo();
      if (o.json) return json(i);
      out(fields([['Name', i.name], ['UUID', i.uuid], ['Active', yesNo(i.active)], ['Persistent', yesNo(i.persistent)], ['Autostart', yesNo(i.autostart)], ['Bridge', i.bridge]]));
    });
  program
    .command('net-dhcp-leases <network>')
    .description('DHCP leases handed out on a network')
    .option('--mac <mac>', 'only leases of this MAC address')
    .addOption(jsonOpt())
    .action(async (key: string, o: { mac?: string; json?: boolean }) => {
      const n = await (await connect()).networks.lookup(key);
      const leases = await n.getDhcpLeases(o.mac ? { mac: o.mac } : {});
      if (o.json) return json(leases);
      out(table(['Expiry Time', 'MAC address', 'Protocol', 'IP address', 'Hostname', 'Client ID or DUID'], leases.map((l) => [
        l.expiryTime ? new Date(l.expiryTime).toISOString().replace('T', ' ').slice(0, 19) : '-', l.mac ?? '-', l.type, `${l.ipaddr}/${l.prefix}`, l.hostname ?? '-', l.clientId ?? '-',
      ])));
    });
  program
    .command('net-dumpxml <network>')
    .description('network XML')
    .option('--inactive', 'the persistent definition')
    .action(async (key: string, o: { inactive?: boolean }) => out(await (await (await connect()).networks.lookup(key)).getXML({ inactive: o.inactive === true })));
  program
    .command('net-define <file>')
    .description('define a network from an XML file')
    .action(async (file: string) => out(`Network ${(await (await connect()).networks.define(await readArg(file))).name} defined from ${file}`));
  program
    .command('net-create <file>')
    .description('create (start) a transient network from an XML file')
    .action(async (file: string) => out(`Network ${(await (await connect()).networks.createTransient(await readArg(file))).name} created from ${file}`));
  for (const [verb, desc, fn, msg] of [
    ['net-start', 'start a network', (n: Awaited<ReturnType<Connection['networks']['lookup']>>) => n.start(), 'started'],
    ['net-destroy', 'stop a network', (n: Awaited<ReturnType<Connection['networks']['lookup']>>) => n.destroy(), 'destroyed'],
    ['net-undefine', 'undefine a network', (n: Awaited<ReturnType<Connection['networks']['lookup']>>) => n.undefine(), 'has been undefined'],
  ] as const) {
    program
      .command(`${verb} <network>`)
      .description(desc)
      .action(async (key: string) => {
        const n = await (await connect()).networks.lookup(key);
        await fn(n);
        out(`Network ${n.name} ${msg}`);
      });
  }
  program
    .command('net-autostart <network>')
    .description('autostart a network')
    .option('--disable', 'disable autostarting')
    .action(async (key: string, o: { disable?: boolean }) => {
      const n = await (await connect()).networks.lookup(key);
      await n.setAutostart(!o.disable);
      out(o.disable ? `Network ${n.name} unmarked as autostarted` : `Network ${n.name} marked as autostarted`);
    });

  // ------------------------------------------------------------ storage
  program
    .command('pool-list')
    .description('list storage pools')
    .option('--all', 'active and inactive')
    .option('--inactive', 'inactive only')
    .option('--details', 'show capacity')
    .addOption(jsonOpt())
    .action(async (o: { all?: boolean; inactive?: boolean; details?: boolean; json?: boolean }) => {
      const pools = await (await connect()).storagePools.list(o.inactive ? { active: false } : o.all ? {} : { active: true });
      if (o.json) return json(pools.map((p) => p.toJSON()));
      if (o.details) {
        return out(table(['Name', 'State', 'Autostart', 'Persistent', 'Capacity', 'Allocation', 'Available'], pools.map((p) => {
          const i = p.toJSON();
          return [i.name, i.state, yesNo(i.autostart), yesNo(i.persistent), i.state === 'inactive' ? '-' : bytes(i.capacity), i.state === 'inactive' ? '-' : bytes(i.allocation), i.state === 'inactive' ? '-' : bytes(i.available)];
        })));
      }
      out(table(['Name', 'State', 'Autostart'], pools.map((p) => [p.name, p.active ? 'active' : 'inactive', yesNo(p.autostart)])));
    });
  program
    .command('pool-info <pool>')
    .description('storage pool information')
    .addOption(jsonOpt())
    .action(async (key: string, o: { json?: boolean }) => {
      const i = await (await pool(key)).getInfo();
      if (o.json) return json(i);
      out(fields([['Name', i.name], ['UUID', i.uuid], ['State', i.state], ['Persistent', yesNo(i.persistent)], ['Autostart', yesNo(i.autostart)],
        ['Capacity', i.state === 'inactive' ? undefined : bytes(i.capacity)], ['Allocation', i.state === 'inactive' ? undefined : bytes(i.allocation)], ['Available', i.state === 'inactive' ? undefined : bytes(i.available)]]));
    });
  program
    .command('pool-dumpxml <pool>')
    .description('storage pool XML')
    .option('--inactive', 'the persistent definition')
    .action(async (key: string, o: { inactive?: boolean }) => out(await (await pool(key)).getXML({ inactive: o.inactive === true })));
  program
    .command('pool-define <file>')
    .description('define a storage pool from an XML file')
    .action(async (file: string) => out(`Pool ${(await (await connect()).storagePools.define(await readArg(file))).name} defined from ${file}`));
  program
    .command('pool-create <file>')
    .description('create (start) a transient pool from an XML file')
    .action(async (file: string) => out(`Pool ${(await (await connect()).storagePools.createTransient(await readArg(file))).name} created from ${file}`));
  for (const [verb, desc, fn, msg] of [
    ['pool-build', 'build a pool', (p: StoragePool) => p.build(), 'built'],
    ['pool-start', 'start a pool', (p: StoragePool) => p.start(), 'started'],
    ['pool-destroy', 'stop a pool', (p: StoragePool) => p.destroy(), 'destroyed'],
    ['pool-delete', "delete a pool's storage", (p: StoragePool) => p.delete(), 'deleted'],
    ['pool-undefine', 'undefine a pool', (p: StoragePool) => p.undefine(), 'has been undefined'],
    ['pool-refresh', 'refresh a pool', (p: StoragePool) => p.refresh(), 'refreshed'],
  ] as const) {
    program
      .command(`${verb} <pool>`)
      .description(desc)
      .action(async (key: string) => {
        const p = await pool(key);
        await fn(p);
        out(`Pool ${p.name} ${msg}`);
      });
  }
  program
    .command('pool-autostart <pool>')
    .description('autostart a pool')
    .option('--disable', 'disable autostarting')
    .action(async (key: string, o: { disable?: boolean }) => {
      const p = await pool(key);
      await p.setAutostart(!o.disable);
      out(o.disable ? `Pool ${p.name} unmarked as autostarted` : `Pool ${p.name} marked as autostarted`);
    });
  program
    .command('vol-list <pool>')
    .description('list volumes of a pool')
    .addOption(jsonOpt())
    .action(async (key: string, o: { json?: boolean }) => {
      const vols = await (await pool(key)).listVolumes();
      if (o.json) return json(vols.map((v) => v.toJSON()));
      out(table(['Name', 'Path'], vols.map((v) => [v.name, v.path])));
    });
  const volOf = async (name: string, o: { pool?: string }) => {
    if (o.pool) return (await pool(o.pool)).lookupVolume(name);
    return (await connect()).storagePools.lookupVolumeByPath(name);
  };
  program
    .command('vol-info <vol>')
    .description('volume information (vol is a name with --pool, else a path or key)')
    .option('--pool <pool>', 'pool name or UUID')
    .addOption(jsonOpt())
    .action(async (name: string, o: { pool?: string; json?: boolean }) => {
      const i = await (await volOf(name, o)).getInfo();
      if (o.json) return json(i);
      out(fields([['Name', i.name], ['Type', i.type], ['Capacity', bytes(i.capacity)], ['Allocation', bytes(i.allocation)]]));
    });
  program
    .command('vol-dumpxml <vol>')
    .description('volume XML')
    .option('--pool <pool>', 'pool name or UUID')
    .action(async (name: string, o: { pool?: string }) => out(await (await volOf(name, o)).getXML()));
  program
    .command('vol-create <pool> <file>')
    .description('create a volume from an XML file')
    .action(async (key: string, file: string) => out(`Vol ${(await (await pool(key)).createVolume(await readArg(file))).name} created from ${file}`));
  program
    .command('vol-delete <vol>')
    .description('delete a volume')
    .option('--pool <pool>', 'pool name or UUID')
    .action(async (name: string, o: { pool?: string }) => {
      const v = await volOf(name, o);
      await v.delete();
      out(`Vol ${v.name} deleted`);
    });

  // ------------------------------------------------------------ host & misc
  program
    .command('nodeinfo')
    .description('host information')
    .addOption(jsonOpt())
    .action(async (o: { json?: boolean }) => {
      const i = await (await connect()).host.info();
      if (o.json) return json(i);
      out(fields([['CPU model', i.model], ['CPU(s)', i.cpus], ['CPU frequency', `${i.mhz} MHz`], ['CPU socket(s)', i.sockets], ['Core(s) per socket', i.cores], ['Thread(s) per core', i.threads], ['NUMA cell(s)', i.nodes], ['Memory size', kib(i.memory)]]));
    });
  program
    .command('capabilities')
    .description('host and guest capabilities')
    .addOption(jsonOpt())
    .action(async (o: { json?: boolean }) => {
      const c = await connect();
      const caps = await c.host.capabilities();
      if (o.json) return json({ ...caps, operations: c.capabilities().operations });
      const lines = [`Host: arch ${caps.host.arch}${caps.host.uuid ? `, uuid ${caps.host.uuid}` : ''}`];
      for (const [k, v] of Object.entries(caps.host)) if (k !== 'arch' && k !== 'uuid') lines.push(`  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
      for (const g of caps.guests) lines.push(`Guest: ${g.osType} ${g.arch}${g.wordsize ? ` (${g.wordsize}-bit)` : ''} domain types: ${g.domainTypes.join(', ')}${g.emulator ? ` emulator ${g.emulator}` : ''}`);
      lines.push(`Operations: ${c.capabilities().operations.length} (${c.driverName} driver)`);
      out(lines.join('\n'));
    });
  program
    .command('uri')
    .description('print the canonical URI of the connection')
    .action(async () => out((await connect()).uri));

  program
    .command('event')
    .description('wait for events and print them')
    .option('--domain <domain>', 'only events of this domain')
    .option('--loop', 'keep printing events (otherwise stop after the first)')
    .option('--timeout <seconds>', 'stop after this many seconds')
    .option('--all', 'domain, network and pool events (default: domain lifecycle only)')
    .addOption(jsonOpt())
    .action(async (o: { domain?: string; loop?: boolean; timeout?: string; all?: boolean; json?: boolean }) => {
      const c = await connect();
      let signal: AbortSignal | undefined;
      if (o.timeout !== undefined) {
        const s = Number(o.timeout);
        if (!Number.isFinite(s) || s <= 0) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid timeout '${o.timeout}'`);
        signal = AbortSignal.timeout(s * 1000);
      }
      const sub = c.events({ ...(o.domain ? { domain: o.domain } : {}), ...(o.all ? {} : { kinds: ['domain'] }), ...(signal ? { signal } : {}) });
      let count = 0;
      try {
        for await (const ev of sub) {
          count++;
          out(o.json ? JSON.stringify(ev) : describeEvent(ev));
          if (!o.loop) break;
        }
      } catch (err) {
        if (!(err instanceof PolyvisorError && err.code === ErrorCode.ABORTED)) throw err;
      }
      out(`events received: ${count}`);
    });

  registerAgentCommand(program, {
    drivers: async () => (drivers ??= await loadDrivers()),
    uri: () => program.opts<{ connect?: string }>().connect ?? env.POLYVISOR_DEFAULT_URI ?? DEFAULT_URI,
    readOnly: () => program.opts<{ readonly?: boolean }>().readonly === true,
  });

  registerVolumeVerbs(program, {
    connect,
    dom,
    out,
    drivers: async () => (drivers ??= await loadDrivers()),
    isTTY: options.io === undefined && process.stdout.isTTY === true,
    volume: (name, poolKey) => volOf(name, poolKey ? { pool: poolKey } : {}),
  });

  registerDbusVerb(program, { drivers: async () => (drivers ??= await loadDrivers()), out, defaultUri: () => program.opts<{ connect?: string }>().connect ?? env.POLYVISOR_DEFAULT_URI ?? DEFAULT_URI });

  registerMigrateVerbs(program, {
    connect,
    dom,
    out,
    drivers: async () => (drivers ??= await loadDrivers()),
    isTTY: options.io === undefined && process.stdout.isTTY === true,
  });

  registerConsoleCommands(program, { dom, out });

  program
    .command('domxml-to-native <format> <file>')
    .description('convert domain XML to a native format (formats come from drivers: polyvisor-json, qemu-argv, xen-xl, xen-libxl-json)')
    .action(async (format: string, file: string) => out(await (await connect()).domainXmlToNative(format, await readArg(file))));
  program
    .command('domxml-from-native <format> <file>')
    .description('convert a native configuration to domain XML')
    .action(async (format: string, file: string) => out(await (await connect()).domainXmlFromNative(format, await readArg(file))));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return 0;
      return err.exitCode || 1;
    }
    const msg = err instanceof Error ? err.message : String(err);
    io.stderr(`error: ${msg.split('\n')[0]}\n`);
    return 1;
  } finally {
    await conn?.close().catch(() => undefined);
  }
}

const capital = (s: string) => s.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');

/** One line per event, in virsh's `event --loop` style. */
export function describeEvent(ev: PolyvisorEvent): string {
  if (ev.kind === 'domain') return `event 'lifecycle' for domain '${ev.domain.name}': ${capital(ev.type)} ${capital(ev.detail)}`;
  if (ev.kind === 'network') return `event 'lifecycle' for network '${ev.network.name}': ${capital(ev.type)}`;
  return `event 'lifecycle' for storage pool '${ev.pool.name}': ${capital(ev.type)}`;
}
