// Elder mode (长辈模式): remembers the switch in localStorage. Loaded as a classic script right after the
// checkbox, so a returning reader's choice applies before the page is painted; the CSS does the rest
// (html:has(#elder-mode:checked)), so the switch works without JavaScript too, just not remembered.
(() => {
  const c = document.getElementById('elder-mode');
  if (!(c instanceof HTMLInputElement)) return;
  try {
    c.checked = localStorage.getItem('jd-elder') === '1';
  } catch (e) {}
  c.addEventListener('change', () => {
    try {
      localStorage.setItem('jd-elder', c.checked ? '1' : '0');
    } catch (e) {}
  });
})();
