/**
 * Object paths, derived the way libvirt-dbus derives them: one connection
 * object per driver (`/org/libvirt/QEMU`, `/org/libvirt/Test`, ...), and
 * children at `<connect>/domain/_<uuid with '_' for '-'>`,
 * `<connect>/network/_<uuid>`, `<connect>/storagepool/_<uuid>`,
 * `<connect>/storagevol/<escaped key>` and
 * `<connect>/domainsnapshot/_<domain uuid>_<escaped snapshot name>`, where
 * "escaped" keeps `[A-Za-z0-9]` and writes every other byte as `_xx`
 * (two lower-case hex digits).
 * @module
 */

/** libvirt-dbus' connection object for each well-known URI. */
export const WELL_KNOWN_CONNECT_PATHS: Readonly<Record<string, string>> = {
  'qemu:///system': '/org/libvirt/QEMU',
  'qemu:///session': '/org/libvirt/QEMU',
  'test:///default': '/org/libvirt/Test',
  'xen:///': '/org/libvirt/Xen',
  'xen:///system': '/org/libvirt/Xen',
  'lxc:///': '/org/libvirt/LXC',
  'lxc:///system': '/org/libvirt/LXC',
  'bhyve:///system': '/org/libvirt/bhyve',
  'openvz:///system': '/org/libvirt/OpenVZ',
  'uml:///system': '/org/libvirt/UML',
  'uml:///session': '/org/libvirt/UML',
  'vbox:///system': '/org/libvirt/VBox',
  'vbox:///session': '/org/libvirt/VBox',
  'vmwarews:///system': '/org/libvirt/VMware',
  'vmwarews:///session': '/org/libvirt/VMware',
  'vz:///system': '/org/libvirt/VZ',
};

const BY_DRIVER: Readonly<Record<string, string>> = { test: 'Test', kvm: 'QEMU', qemu: 'QEMU', xen: 'Xen', lxc: 'LXC' };

/**
 * The object path of a connection's `org.libvirt.Connect` object: the
 * libvirt-dbus path for well-known URIs, else `/org/libvirt/<Driver>` by the
 * driver name (`test` → `Test`, `kvm`/`qemu` → `QEMU`, `xen` → `Xen`), so an
 * embedded `qemu:///embed?root=...` connection is also served at
 * `/org/libvirt/QEMU`.
 */
export function connectPathFor(uri: string, driverName: string): string {
  const known = WELL_KNOWN_CONNECT_PATHS[uri];
  if (known) return known;
  const scheme = (uri.split(':')[0] ?? '').split('+')[0] ?? '';
  const name = BY_DRIVER[driverName] ?? BY_DRIVER[scheme] ?? (escapeString(driverName.charAt(0).toUpperCase() + driverName.slice(1)) || 'Driver');
  return `/org/libvirt/${name}`;
}

/** libvirt-dbus' UUID encoding: `_` prefix, dashes become underscores. */
export function encodeUuid(uuid: string): string {
  return `_${uuid.replace(/-/g, '_')}`;
}

/** Inverse of {@link encodeUuid}; `undefined` when `s` is not an encoded UUID. */
export function decodeUuid(s: string): string | undefined {
  if (!/^_[0-9a-fA-F]{8}_[0-9a-fA-F]{4}_[0-9a-fA-F]{4}_[0-9a-fA-F]{4}_[0-9a-fA-F]{12}$/.test(s)) return undefined;
  return s.slice(1).replace(/_/g, '-').toLowerCase();
}

/** libvirt-dbus' string escaping for path elements: `[A-Za-z0-9]` kept, every other byte (UTF-8) as `_xx`. */
export function escapeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9]/.test(c) ? c : `_${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Inverse of {@link escapeString}. */
export function unescapeString(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '_' && i + 2 < s.length && /^[0-9a-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Path of a domain object. */
export function domainPath(connectPath: string, uuid: string): string {
  return `${connectPath}/domain/${encodeUuid(uuid)}`;
}

/** Path of a network object. */
export function networkPath(connectPath: string, uuid: string): string {
  return `${connectPath}/network/${encodeUuid(uuid)}`;
}

/** Path of a storage pool object. */
export function storagePoolPath(connectPath: string, uuid: string): string {
  return `${connectPath}/storagepool/${encodeUuid(uuid)}`;
}

/** Path of a storage volume object (by the volume's key). */
export function storageVolPath(connectPath: string, key: string): string {
  return `${connectPath}/storagevol/${escapeString(key)}`;
}

/** Path of a domain snapshot object. */
export function domainSnapshotPath(connectPath: string, domainUuid: string, snapshotName: string): string {
  return `${connectPath}/domainsnapshot/${encodeUuid(domainUuid)}_${escapeString(snapshotName)}`;
}
