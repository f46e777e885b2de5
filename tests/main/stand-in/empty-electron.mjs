// The least an `electron` stand-in can be: electron-store only reads `app`/`ipcMain` to find a default folder.
export default {};
