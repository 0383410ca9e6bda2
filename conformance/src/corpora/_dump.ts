import { readFileSync } from 'node:fs';
import { parseDomainXml } from '@polyvisor/core';
const s = parseDomainXml(readFileSync(process.argv[2]!, 'utf8'));
console.log(JSON.stringify(s, null, 1));
