// storage XML: filled in by the storage model work.
export {};
