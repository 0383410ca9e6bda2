/**
 * PCI address assignment modelled on libvirt's `qemuDomainAssignPCIAddresses`:
 * a set of buses (one per PCI controller) with per-slot function masks,
 * a first "dry run" pass that grows the bus set (auto-adding
 * pcie-root-ports, pci-bridges, pcie-to-pci-bridges), then the real pass.
 * @module
 */

/** Connection flags (what a device plugs into / what a bus accepts). */
export const F = {
  PCI: 1,
  PCIE: 2,
  ROOT_PORT: 4,
  UPSTREAM: 8,
  DOWNSTREAM: 16,
  DMI_BRIDGE: 32,
  PCI_BRIDGE: 64,
  PCI_EXP: 128,
  PCIE_EXP: 256,
  PCIE_TO_PCI: 512,
  AUTO: 1024,
  INTEGRATED: 2048,
  AGGREGATE: 4096,
} as const;

const TYPES = F.PCI | F.PCIE | F.ROOT_PORT | F.UPSTREAM | F.DOWNSTREAM | F.DMI_BRIDGE | F.PCI_BRIDGE | F.PCI_EXP | F.PCIE_EXP | F.PCIE_TO_PCI | F.INTEGRATED;

/** A PCI address. */
export interface PciAddr {
  /** Bus (= controller index). */
  bus: number;
  /** Slot. */
  slot: number;
  /** Function. */
  fn: number;
  /** multifunction=on requested. */
  multi?: boolean;
}

/** One bus of the set. */
export interface PciBus {
  /** PCI controller model. */
  model: string;
  /** Accepted connection types. */
  flags: number;
  /** Lowest usable slot. */
  minSlot: number;
  /** Highest usable slot. */
  maxSlot: number;
  /** Function bitmask per slot. */
  slots: number[];
  /** Slots whose function 0 holds an aggregate device. */
  aggregate: boolean[];
}

/** Bus properties per controller model. */
export function busFor(model: string, hotplug = true): PciBus {
  let flags = 0;
  let min = 1;
  let max = 31;
  const hp = hotplug ? F.AUTO : 0;
  switch (model) {
    case 'pci-root':
      flags = F.PCI | F.AUTO | F.PCI_BRIDGE | F.PCI_EXP;
      break;
    case 'pcie-root':
      flags = F.ROOT_PORT | F.DMI_BRIDGE | F.PCIE_EXP | F.INTEGRATED | F.PCIE | F.PCI;
      break;
    case 'pcie-root-port':
    case 'pcie-switch-downstream-port':
      flags = F.PCIE | hp | F.UPSTREAM | F.PCIE_TO_PCI;
      min = 0;
      max = 0;
      break;
    case 'pci-bridge':
      flags = F.PCI | hp | F.PCI_BRIDGE;
      break;
    case 'pcie-to-pci-bridge':
      flags = F.PCI | hp | F.PCI_BRIDGE;
      break;
    case 'dmi-to-pci-bridge':
      flags = F.PCI_BRIDGE | F.PCI;
      min = 0;
      break;
    case 'pcie-switch-upstream-port':
      flags = F.DOWNSTREAM;
      min = 0;
      break;
    case 'pci-expander-bus':
      flags = F.PCI | F.PCI_BRIDGE;
      min = 0;
      break;
    case 'pcie-expander-bus':
      flags = F.ROOT_PORT | F.PCIE | F.DMI_BRIDGE;
      min = 0;
      break;
    default:
      flags = F.PCI | F.AUTO;
  }
  return { model, flags, minSlot: min, maxSlot: max, slots: new Array(32).fill(0), aggregate: new Array(32).fill(false) };
}

/** Connection flags of a PCI controller model (as a device plugged into a bus). */
export function controllerConnectFlags(model: string): number {
  switch (model) {
    case 'pcie-root-port':
      return F.ROOT_PORT | F.AGGREGATE;
    case 'pcie-switch-upstream-port':
      return F.UPSTREAM;
    case 'pcie-switch-downstream-port':
      return F.DOWNSTREAM;
    case 'pci-bridge':
      return F.PCI_BRIDGE;
    case 'dmi-to-pci-bridge':
      return F.DMI_BRIDGE;
    case 'pcie-to-pci-bridge':
      return F.PCIE_TO_PCI;
    case 'pci-expander-bus':
      return F.PCI_EXP;
    case 'pcie-expander-bus':
      return F.PCIE_EXP;
    default:
      return 0;
  }
}

/** The address set. */
export class PciAddressSet {
  /** Buses by controller index. */
  buses: PciBus[] = [];
  /** Buses added by growth (model per new index), in order. */
  added: number[] = [];
  /** Addresses already decided for auto-added controllers (a pcie-to-pci-bridge sits in the root port added with it). */
  planned = new Map<number, PciAddr>();

  constructor(
    /** Whether the set may grow (dry-run pass). */
    readonly dryRun: boolean,
    /** Whether the machine has pcie-root. */
    readonly pcie: boolean,
    /** pcie-to-pci-bridge supported. */
    readonly pcieToPciBridge: boolean,
  ) {}

  /** Whether a slot has any function in use. */
  slotInUse(bus: number, slot: number): boolean {
    return (this.buses[bus]?.slots[slot] ?? 0) !== 0;
  }

  /** Reserves an address. */
  reserve(a: PciAddr, flags = 0): void {
    const b = this.buses[a.bus];
    if (!b) return;
    b.slots[a.slot] = (b.slots[a.slot] ?? 0) | (1 << a.fn);
    if (a.fn === 0 && flags & F.AGGREGATE) b.aggregate[a.slot] = true;
  }

  private compatible(bus: PciBus, flags: number): boolean {
    if (flags & F.INTEGRATED && this.pcie) return (bus.flags & F.INTEGRATED) !== 0;
    const devTypes = flags & TYPES & ~F.INTEGRATED;
    if (!(devTypes & bus.flags)) return false;
    if (flags & F.AUTO && !(bus.flags & F.AUTO)) return false;
    return true;
  }

  private findOnBus(busIdx: number, flags: number, fn: number): PciAddr | undefined {
    const bus = this.buses[busIdx]!;
    if (!this.compatible(bus, flags)) return undefined;
    for (let slot = bus.minSlot; slot <= bus.maxSlot; slot++) {
      const used = bus.slots[slot] ?? 0;
      if (fn >= 0) {
        if (used === 0) return { bus: busIdx, slot, fn };
        continue;
      }
      if (used === 0) return { bus: busIdx, slot, fn: 0 };
      if (flags & F.AGGREGATE && bus.aggregate[slot]) {
        for (let f = 0; f < 8; f++) if (!(used & (1 << f))) return { bus: busIdx, slot, fn: f };
      }
    }
    return undefined;
  }

  /** Finds and reserves the next free address for a device with `flags` (function `fn`, -1 = any). */
  reserveNext(flags: number, fn = -1): PciAddr {
    for (let i = 0; i < this.buses.length; i++) {
      if (!this.buses[i]) continue;
      const a = this.findOnBus(i, flags, fn);
      if (a) {
        this.reserve(a, flags);
        return a;
      }
    }
    if (!this.dryRun) throw new Error(`no free PCI slot`);
    const a = this.grow(flags);
    this.reserve(a, flags);
    return a;
  }

  private addBus(model: string): number {
    const idx = this.buses.length;
    this.buses.push(busFor(model));
    this.added.push(idx);
    return idx;
  }

  private grow(flags: number): PciAddr {
    if (flags & F.PCI && !(flags & F.PCIE)) {
      const hasBridgeParent = this.buses.some((b) => b && b.flags & F.PCI_BRIDGE && b.model !== 'dmi-to-pci-bridge' && b.model !== 'pci-expander-bus');
      if (this.pcie && !this.buses.some((b) => b && (b.model === 'pci-bridge' || b.model === 'pcie-to-pci-bridge' || b.model === 'dmi-to-pci-bridge'))) {
        if (this.pcieToPciBridge) {
          const port = this.addBus('pcie-root-port');
          const i = this.addBus('pcie-to-pci-bridge');
          const at = { bus: port, slot: 0, fn: 0 };
          this.reserve(at);
          this.planned.set(i, at);
          return { bus: i, slot: 1, fn: 0 };
        }
        this.addBus('dmi-to-pci-bridge');
        const i = this.addBus('pci-bridge');
        return { bus: i, slot: 1, fn: 0 };
      }
      void hasBridgeParent;
      const i = this.addBus('pci-bridge');
      return { bus: i, slot: 1, fn: 0 };
    }
    if (flags & (F.PCIE | F.UPSTREAM | F.PCIE_TO_PCI)) {
      const i = this.addBus('pcie-root-port');
      return { bus: i, slot: 0, fn: 0 };
    }
    const i = this.addBus(this.pcie ? 'pcie-root-port' : 'pci-bridge');
    return { bus: i, slot: this.buses[i]!.minSlot, fn: 0 };
  }
}
