const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');
(async () => {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      '--allow-loopback-in-peer-connection'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on('console', (m) => console.error('page:', m.text()));
  await page.goto('http://127.0.0.1:8088/index.html');
  console.error('UA:', await page.evaluate(() => navigator.userAgent));
  const results = {};
  results['offer-audio'] = await page.evaluate(() => captureOffer({}, { audio: true }, false));
  results['offer-max-bundle-audio-video'] = await page.evaluate(() =>
    captureOffer({ bundlePolicy: 'max-bundle' }, { audio: true, video: true }, false));
  results['offer-audio-video'] = await page.evaluate(() => captureOffer({}, { audio: true, video: true }, false));
  results['offer-datachannel'] = await page.evaluate(() => captureOffer({}, { audio: true }, true));
  const oa = await page.evaluate(() => captureOfferAnswer({}, { audio: true }));
  results['offer-audio-for-answer'] = oa.offer;
  results['answer-audio'] = oa.answer;
  results['jssip-invite-body-via-sending-event'] = await page.evaluate(() => captureJsSip('ws://127.0.0.1:8089'));
  await new Promise((r) => setTimeout(r, 1500));
  fs.writeFileSync(process.argv[2], JSON.stringify(results));
  await ctx.close();
})().catch((e) => { console.error(e); process.exit(1); });
