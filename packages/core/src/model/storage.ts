// storage model: filled in by the storage model work.
export {};
