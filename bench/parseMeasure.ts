// Child process of the parse benchmark: measures one pass and prints it as JSON.
import { measure } from './parseBenchmark';

const [mode, path] = process.argv.slice(2);
if ((mode !== 'seedling' && mode !== 'baseline') || path === undefined) {
  console.error('usage: parseMeasure.js seedling|baseline FILE');
  process.exit(2);
}
measure(mode, path).then(
  (result) => {
    process.stdout.write(JSON.stringify(result));
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
