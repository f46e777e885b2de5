// Placeholder until the Electron composition root lands.
export {};
