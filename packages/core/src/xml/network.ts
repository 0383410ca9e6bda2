// network XML: filled in by the network model work.
export {};
