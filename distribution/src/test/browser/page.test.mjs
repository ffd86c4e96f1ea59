// The web page in a real browser (Debian's Chromium driven by Playwright), called by WebPageTest:
//   node page.test.mjs URL IMAGE X0,Y0/X1,Y1 EXPECTED_LABEL PLUGIN_JAR PLUGINS_DIR EXPECTED_COMMAND SCREENSHOT
// Opens the page with its token, loads IMAGE, draws a stroke from X0,Y0 to X1,Y1 (image pixels), runs
// alphaclip:classify and checks that EXPECTED_LABEL ranks first with the region and not on the whole image, checks the
// overlay the encoder sees (dimmed outside the stroke), takes SCREENSHOT, clicks the object with the mask tool, then
// drops PLUGIN_JAR into PLUGINS_DIR while the page is open, waits for EXPECTED_COMMAND to appear in its task list and
// runs it (REC: an expression, the chosen box drawn). Exits 0, or 1 with the failed check on stderr.
import { chromium } from 'playwright-core';
import { copyFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';

const [url, image, stroke, expectedLabel, pluginJar, pluginsDir, expectedCommand, screenshot] = process.argv.slice(2);
const [[x0, y0], [x1, y1]] = stroke.split('/').map((p) => p.split(',').map(Number));

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.error('page error: ' + e.message));
  await page.goto(url);
  check(page.url().endsWith('/alphaclip/'), 'the token address should lead to the page without the token, got ' + page.url());
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });

  await page.setInputFiles('#file', image);
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('image uploads/'),
    null, { timeout: 30000 });

  // a stroke over one object, in image pixels mapped to the canvas as shown
  await page.click('button[data-tool=stroke]');
  await page.fill('#stroke-width', '40');
  const box = await page.locator('#canvas').boundingBox();
  const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
  const sx = box.width / size[0];
  const sy = box.height / size[1];
  await page.mouse.move(box.x + x0 * sx, box.y + y0 * sy);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(box.x + (x0 + (x1 - x0) * i / 10) * sx, box.y + (y0 + (y1 - y0) * i / 10) * sy);
  }
  await page.mouse.up();
  const regionText = await page.textContent('#region-text');
  check(regionText.includes('1 stroke(s)'), 'the stroke should be the region, the page says: ' + regionText);

  await page.selectOption('#command', 'alphaclip:classify');
  await page.fill('#form textarea', 'red circle\nblue square\ngreen triangle');
  await page.click('#run');
  await page.waitForSelector('#ranked:not([hidden])', { timeout: 60000 });
  const withRegion = await page.$$eval('#ranked-region li', (items) => items.map((i) => i.textContent));
  const whole = await page.$$eval('#ranked-whole li', (items) => items.map((i) => i.textContent));
  console.log('ranked with the region: ' + withRegion.join(' | '));
  console.log('ranked on the whole image: ' + whole.join(' | '));
  check(withRegion.length === 3 && whole.length === 3, 'three ranked labels each');
  check(withRegion[0].startsWith(expectedLabel), 'with the stroke over it, "' + expectedLabel + '" should rank first');
  check(!whole[0].startsWith(expectedLabel), 'on the whole image another label should rank first (the region decides)');

  await page.click('#show-overlay');
  await page.waitForFunction(() => { const o = document.getElementById('overlay'); return !o.hidden && o.complete && o.naturalWidth > 0; },
    null, { timeout: 30000 });
  const dimming = await page.evaluate(([sx0, sy0]) => {
    const overlay = document.getElementById('overlay');
    const c = document.createElement('canvas');
    c.width = overlay.naturalWidth; c.height = overlay.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(overlay, 0, 0);
    const source = document.getElementById('canvas');
    const fx = c.width / source.width;
    const fy = c.height / source.height;
    const at = (x, y) => Array.from(g.getImageData(Math.round(x * fx), Math.round(y * fy), 1, 1).data.slice(0, 3));
    return { inside: at(sx0, sy0), corner: at(2, 2), size: [c.width, c.height] };
  }, [x0, y0]);
  console.log('overlay ' + JSON.stringify(dimming));
  const brightness = (p) => p[0] + p[1] + p[2];
  check(brightness(dimming.corner) < 600, 'outside the region the overlay should be dimmed, corner pixel ' + dimming.corner);
  await page.screenshot({ path: screenshot, fullPage: true });

  // a click with the mask tool: the installed proposer's mask becomes the region
  await page.click('button[data-tool=mask]');
  await page.mouse.click(box.x + x0 * sx, box.y + y0 * sy);
  await page.waitForFunction(() => document.getElementById('region-text').textContent.startsWith('Region: the mask'),
    null, { timeout: 60000 });
  console.log((await page.textContent('#region-text')) + ' (' + (await page.textContent('#status')) + ')');

  // install a task bundle while the page is open: its commands appear without a reload
  const options = async () => page.$$eval('#command option', (o) => o.map((x) => x.value));
  check(!(await options()).includes(expectedCommand), expectedCommand + ' should not be offered before its bundle is installed');
  const partial = join(pluginsDir, basename(pluginJar) + '.part');
  copyFileSync(pluginJar, partial);
  renameSync(partial, join(pluginsDir, basename(pluginJar)));
  await page.waitForFunction((name) => Array.from(document.querySelectorAll('#command option')).some((o) => o.value === name),
    expectedCommand, { timeout: 60000 });
  console.log('after installing ' + basename(pluginJar) + ': ' + (await options()).join(', '));

  // the new task runs from the page: REC draws the box it chose
  await page.selectOption('#command', expectedCommand);
  await page.waitForSelector('#form input[name="--expression"]', { timeout: 30000 });
  await page.fill('#form input[name="--expression"]', 'the blue square');
  await page.click('#run');
  await page.waitForSelector('#outputs img', { timeout: 60000 });
  console.log(expectedCommand + ': ' + (await page.textContent('#result')).split('\n')[0]);
  console.log('PASS');
} catch (e) {
  console.error('FAIL: ' + e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
