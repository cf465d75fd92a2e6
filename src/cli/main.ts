// The `promptyard` entry. Kept tiny: `--version` answers before any command module loads.
declare const PROMPTYARD_VERSION: string;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${PROMPTYARD_VERSION}\n`);
} else {
  void import('./app').then((app) => app.main(argv, PROMPTYARD_VERSION)).then((code) => {
    process.exitCode = code;
  });
}
