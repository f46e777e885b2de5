// Node module hooks: the bare specifier `electron` resolves to the stand-in module given at registration,
// so code written for Electron (ours and electron-store) can run in plain Node.
let standIn;

export async function initialize(data) {
  standIn = data.standInUrl;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: standIn, shortCircuit: true };
  return nextResolve(specifier, context);
}
