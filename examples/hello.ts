// Runs against the built-in demo server (start Runbyte with no config):
//   node apps/runbyte/dist/cli.js exec examples/hello.ts
// Only what exec() returns is printed on stdout; console output goes to stderr.
import * as demo from './servers/demo';

export async function exec() {
  const { sum } = await demo.add({ a: 2, b: 40 });
  const weather = await demo.getWeather({ city: 'Paris' });
  console.log(`It is ${weather.temperatureC} °C in Paris`);
  return { sum, paris: weather.conditions };
}
