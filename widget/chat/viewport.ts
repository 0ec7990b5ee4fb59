// On phones the on-screen keyboard shrinks the visual viewport, not the layout one: the
// full-screen window follows the visual one so the composer stays above the keyboard. Only while
// the window is open: reading the visual viewport can force a layout, which no page view should pay.

/** Sets `--parley-vh` and `--parley-vt` on `host` from the visual viewport between on() and off(). */
export const followViewport = (host: HTMLElement) => {
  const vv = self.visualViewport
  const follow = () => {
    host.style.setProperty('--parley-vh', vv!.height + 'px')
    host.style.setProperty('--parley-vt', vv!.offsetTop + 'px')
  }
  const listen = (on: boolean) => {
    for (const e of ['resize', 'scroll']) vv?.[on ? 'addEventListener' : 'removeEventListener'](e, follow)
  }
  return {
    on() {
      if (vv) follow()
      listen(true)
    },
    off: () => listen(false)
  }
}
