export * from './errors.js';
export * from './xml/index.js';
export * from './names.js';
export * from './model/units.js';
export * from './model/common.js';
export * from './model/domain.js';
