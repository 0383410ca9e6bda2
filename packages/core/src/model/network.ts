// network model: filled in by the network model work.
export {};
