// Usage: node evaluate.js PAC_FILE CLIENT_IP URL...
// Prints one line per URL: "<url> => <FindProxyForURL result>". Name resolution inside the PAC is stubbed
// (dnsResolve answers null) so a test never leaves the machine and bypass rules are judged on literals alone.
'use strict';
const fs = require('fs');
const { getQuickJS } = require('@tootallnate/quickjs-emscripten');
const { createPacResolver } = require('pac-resolver');

async function main() {
  const [pacFile, clientIp, ...urls] = process.argv.slice(2);
  if (!pacFile || !clientIp || urls.length === 0) {
    console.error('usage: node evaluate.js PAC_FILE CLIENT_IP URL...');
    process.exit(2);
  }
  const qjs = await getQuickJS();
  const dnsResolve = async () => null;
  dnsResolve.async = true;
  const myIpAddress = async () => clientIp;
  myIpAddress.async = true;
  const find = createPacResolver(qjs, fs.readFileSync(pacFile, 'utf8'), {
    sandbox: { dnsResolve, myIpAddress },
  });
  for (const url of urls) {
    console.log(url + ' => ' + (await find(url)));
  }
}

main().catch((e) => {
  console.error('PAC evaluation failed: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
