// Placeholder until the queue window lands.
document.getElementById('root')?.append('Support Hero');
