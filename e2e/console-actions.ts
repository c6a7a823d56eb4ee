// Driving the console's case page: shared by the e2e files that handle a case as staff would.
import type { Page } from 'playwright-core';

const WAIT = 60_000;

/** Waits until the case page's status tag reads `label`. */
export async function waitStatus(page: Page, label: string): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const tag = document.querySelector('[data-testid="case-title"] ~ div .ant-tag');
      return tag?.textContent?.trim() === want;
    },
    label,
    { timeout: WAIT },
  );
}

/**
 * Picks `text` in an antd Select (typing to search when it is searchable). The dropdown is found
 * through the combobox's own listbox id: a neighbouring select's dropdown that is still fading out
 * holds the same options and would otherwise take the click.
 */
export async function choose(page: Page, testId: string, text: string): Promise<void> {
  const select = page.getByTestId(testId);
  const input = select.locator('input[role="combobox"]').first();
  // A click that lands while a dialog is still animating in can be lost on a loaded machine (seen
  // in CI): the choice is tried again, up to three times, until the select shows it.
  for (let attempt = 1; ; attempt++) {
    const listbox = await input.getAttribute('aria-controls', { timeout: WAIT });
    let dropdown = page.locator(`.ant-select-dropdown:has([id="${listbox}"])`);
    if (!listbox || !(await dropdown.isVisible())) {
      await select.click();
      if ((await input.getAttribute('readonly')) === null) await input.fill(text.slice(0, 6));
      const opened = await input.getAttribute('aria-controls', { timeout: WAIT });
      dropdown = page.locator(`.ant-select-dropdown:has([id="${opened}"])`);
    }
    await dropdown.locator('.ant-select-item-option', { hasText: text }).first().click();
    try {
      await select.filter({ hasText: text }).waitFor({ timeout: attempt < 3 ? 10_000 : WAIT });
      // A multiple select stays open: close it by clicking the form's title (Esc would close the dialog).
      const multiple = await select.evaluate((el) => el.classList.contains('ant-select-multiple'));
      if (multiple && (await dropdown.isVisible()))
        await page.locator('.ant-modal-title:visible').last().click();
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/**
 * Opens an action's form, lets `fill` complete it, submits, and waits until the form closes;
 * the problem title is thrown when the server refuses.
 */
export async function act(
  page: Page,
  action: string,
  fill: (dialog: ReturnType<Page['locator']>) => Promise<void>,
) {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.locator('.ant-modal:visible').last();
  await dialog.waitFor();
  await fill(dialog);
  await page.getByTestId('action-submit').click();
  const outcome = await Promise.race([
    page
      .getByTestId('action-submit')
      .waitFor({ state: 'hidden', timeout: WAIT })
      .then(() => 'ok'),
    page
      .getByTestId('action-error')
      .waitFor({ timeout: WAIT })
      .then(() => 'error'),
  ]);
  if (outcome === 'error') {
    throw new Error(`${action} refused: ${await page.getByTestId('action-error').innerText()}`);
  }
}
