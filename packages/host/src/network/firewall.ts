/**
 * Host firewall rules of a virtual network, as libvirt's nftables backend
 * builds them (`network_nftables.c`): per-network rules in the shared
 * chains `guest_output` / `guest_input` / `guest_cross` (filter, hooked
 * from `forward`) and `guest_nat` (postrouting), each rule *inserted* at
 * the head of its chain.
 *
 * Deliberate differences from libvirt:
 * - the table is ours (`polyvisor` by default, both `ip` and `ip6`), never
 *   libvirt's `libvirt_network`, so the two can coexist;
 * - at run time every rule carries `comment "polyvisor:<uuid>"` and is
 *   removed by finding that comment (`nft -j -a list table`), instead of
 *   libvirt's handles echoed by `nft -ae` and kept in the status XML; a
 *   crash between adding and recording can thus never leak rules;
 * - the base chains are (re)created with one `nft -f -` transaction, and a
 *   network's rules are added in one transaction too (all or nothing);
 * - the `tc` DHCP-checksum fix libvirt adds is reproduced
 *   ({@link FirewallPlan.tc}) but applied best effort: it needs the
 *   `act_csum` kernel module, which many hosts/containers lack.
 * @module
 */
import type { NetworkSpec } from '@polyvisor/core';
import { ipFamily, ipNetworkCidr } from '../util/ip.js';

/** nftables family of a rule. */
export type NftFamily = 'ip' | 'ip6';

/** The per-network chains (libvirt's names). */
export type FirewallChain = 'guest_output' | 'guest_input' | 'guest_cross' | 'guest_nat';

/** One nftables rule to insert at the head of `chain`. */
export interface FirewallRule {
  /** Table family. */
  family: NftFamily;
  /** Chain. */
  chain: FirewallChain;
  /** Rule expression tokens (`['iif', 'virbr0', 'counter', 'reject']`). */
  expr: string[];
}

/** Everything the firewall needs for one network. */
export interface FirewallPlan {
  /** `tc` argv lists (libvirt's DHCP checksum fix), run before the rules. */
  tc: string[][];
  /** Rules in insertion order (each is inserted at its chain's head). */
  rules: FirewallRule[];
}

/** Default name of our nftables table. */
export const DEFAULT_NFT_TABLE = 'polyvisor';

/** The forward device of a nat/route network (`<forward dev>` or its first `<interface>`). */
function forwardDev(spec: NetworkSpec): string | undefined {
  return spec.forward?.dev ?? spec.forward?.interfaces?.[0]?.dev;
}

function hasFamily(spec: NetworkSpec, fam: 4 | 6): boolean {
  return (spec.ips ?? []).some((ip) => ipFamily(ip) === fam);
}

/**
 * The firewall plan of a network. Only `nat`, `route` and isolated (no
 * `<forward>`) networks get rules; `open`, `bridge` and the direct modes get
 * none. The order matches libvirt's: for each family present, the reject
 * and cross-traffic rules; then, per `<ip>` in document order, the
 * forward-allow rules and (NAT) the masquerade rules — IPv6 is masqueraded
 * only with `<nat ipv6='yes'>`, else routed.
 */
export function networkFirewallRules(spec: NetworkSpec): FirewallPlan {
  const mode = spec.forward?.mode;
  const bridge = spec.bridge?.name;
  if (!bridge || (mode !== undefined && mode !== 'nat' && mode !== 'route')) return { tc: [], rules: [] };
  const rules: FirewallRule[] = [];
  const add = (family: NftFamily, chain: FirewallChain, ...expr: string[]) => rules.push({ family, chain, expr });
  const tc: string[][] = [
    ['tc', 'qdisc', 'show', 'dev', bridge, 'handle', '1:'],
    ['tc', 'qdisc', 'add', 'dev', bridge, 'root', 'handle', '1:', 'htb', 'default', '2'],
    ['tc', 'filter', 'add', 'dev', bridge, 'prio', '2', 'protocol', 'ip', 'parent', '1:', 'u32', 'match', 'ip', 'dport', '68', 'ffff', 'action', 'csum', 'ip', 'and', 'udp'],
  ];
  const families: NftFamily[] = [];
  if (hasFamily(spec, 4)) families.push('ip');
  if (hasFamily(spec, 6) || spec.ipv6 === true) families.push('ip6');
  for (const f of families) {
    add(f, 'guest_output', 'iif', bridge, 'counter', 'reject');
    add(f, 'guest_input', 'oif', bridge, 'counter', 'reject');
    add(f, 'guest_cross', 'iif', bridge, 'oif', bridge, 'counter', 'accept');
  }
  if (mode === undefined) return { tc, rules };
  const dev = forwardDev(spec);
  const devOut = dev ? ['oifname', dev] : [];
  const devIn = dev ? ['iifname', dev] : [];
  const nat = spec.forward?.nat;
  for (const ip of spec.ips ?? []) {
    const v6 = ipFamily(ip) === 6;
    const f: NftFamily = v6 ? 'ip6' : 'ip';
    const net = ipNetworkCidr(ip);
    const masquerade = mode === 'nat' && (!v6 || nat?.ipv6 === true);
    if (masquerade) {
      add(f, 'guest_output', f, 'saddr', net, 'iif', bridge, ...devOut, 'counter', 'accept');
      add(f, 'guest_input', ...devIn, 'oif', bridge, f, 'daddr', net, 'ct', 'state', 'related,established', 'counter', 'accept');
      const addrRange = !v6 && nat?.address ? `${nat.address.start}-${nat.address.end}` : '';
      const ports = nat?.port ? `${nat.port.start}-${nat.port.end}` : '1024-65535';
      const base = [f, 'saddr', net, f, 'daddr', '!=', net, ...devOut, 'counter'];
      add(f, 'guest_nat', ...base, ...(addrRange ? ['snat', 'to', addrRange] : ['masquerade']));
      add(f, 'guest_nat', 'meta', 'l4proto', 'udp', ...base, ...(addrRange ? ['snat', 'to', `${addrRange}:${ports}`] : ['masquerade', 'to', `:${ports}`]));
      add(f, 'guest_nat', 'meta', 'l4proto', 'tcp', ...base, ...(addrRange ? ['snat', 'to', `${addrRange}:${ports}`] : ['masquerade', 'to', `:${ports}`]));
      if (!v6) add(f, 'guest_nat', ...devOut, f, 'saddr', net, f, 'daddr', '255.255.255.255/32', 'counter', 'return');
      add(f, 'guest_nat', ...devOut, f, 'saddr', net, f, 'daddr', v6 ? 'ff02::/16' : '224.0.0.0/24', 'counter', 'return');
    } else {
      add(f, 'guest_output', f, 'saddr', net, 'iif', bridge, ...devOut, 'counter', 'accept');
      add(f, 'guest_input', f, 'daddr', net, ...devIn, 'oif', bridge, 'counter', 'accept');
    }
  }
  return { tc, rules };
}

/** libvirt's argv for one rule: `nft -ae insert rule FAMILY TABLE CHAIN EXPR...`. */
export function firewallRuleArgv(rule: FirewallRule, table = DEFAULT_NFT_TABLE): string[] {
  return ['nft', '-ae', 'insert', 'rule', rule.family, table, rule.chain, ...rule.expr];
}

const IFNAME_KEYWORDS = new Set(['iif', 'oif', 'iifname', 'oifname']);

function scriptExpr(expr: readonly string[]): string {
  // Interface names are quoted so that nft never reads them as keywords.
  return expr.map((t, i) => (i > 0 && IFNAME_KEYWORDS.has(expr[i - 1]!) ? JSON.stringify(t) : t)).join(' ');
}

/** Script (for `nft -f -`) creating our table and base chains in `family`, idempotently. */
export function nftBaseScript(family: NftFamily, table = DEFAULT_NFT_TABLE): string {
  return [
    `add table ${family} ${table}`,
    `add chain ${family} ${table} forward { type filter hook forward priority 0; policy accept; }`,
    `add chain ${family} ${table} guest_output`,
    `add chain ${family} ${table} guest_input`,
    `add chain ${family} ${table} guest_cross`,
    `add chain ${family} ${table} guest_nat { type nat hook postrouting priority 100; policy accept; }`,
    // The forward chain holds only our three jumps: flush and re-add keeps it idempotent.
    `flush chain ${family} ${table} forward`,
    `add rule ${family} ${table} forward counter jump guest_cross`,
    `add rule ${family} ${table} forward counter jump guest_input`,
    `add rule ${family} ${table} forward counter jump guest_output`,
    '',
  ].join('\n');
}

/** Script (for `nft -f -`) inserting `rules`, each tagged with `comment`. */
export function nftRulesScript(rules: readonly FirewallRule[], comment: string, table = DEFAULT_NFT_TABLE): string {
  return rules.map((r) => `insert rule ${r.family} ${table} ${r.chain} ${scriptExpr(r.expr)} comment ${JSON.stringify(comment)}`).join('\n') + '\n';
}

/** The rule comment that tags a network's rules. */
export function firewallComment(uuid: string): string {
  return `polyvisor:${uuid}`;
}

/**
 * From `nft -j -a list table FAMILY TABLE` output, the `delete rule` script
 * removing every rule tagged `comment` (empty string when none).
 */
export function nftDeleteScript(listJson: string, comment: string): string {
  let parsed: { nftables?: Array<Record<string, unknown>> };
  try {
    parsed = JSON.parse(listJson) as typeof parsed;
  } catch {
    return '';
  }
  const lines: string[] = [];
  for (const item of parsed.nftables ?? []) {
    const rule = item.rule as { family?: string; table?: string; chain?: string; handle?: number; comment?: string } | undefined;
    if (rule && rule.comment === comment && rule.handle !== undefined) lines.push(`delete rule ${rule.family} ${rule.table} ${rule.chain} handle ${rule.handle}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
