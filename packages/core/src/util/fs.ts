/** Re-exports the state helpers core's own test driver uses. */
export { writeFileAtomic } from './state.js';
