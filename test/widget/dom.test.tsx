// @vitest-environment happy-dom
/** @jsxRuntime classic */
/** @jsx h */
import { describe, expect, it, vi } from 'vitest'
import { h, render } from '../../widget/ui/dom.js'

const root = () => {
  const el = document.createElement('div')
  document.body.append(el)
  return el
}

describe('renderer', () => {
  it('renders elements, attributes and text, and drops false, null and true children', () => {
    const el = root()
    render(
      <p class="a" title="t">
        {'one '}
        {2}
        {false}
        {null}
        {true}
        <b>three</b>
      </p>,
      el
    )
    expect(el.innerHTML).toBe('<p class="a" title="t">one 2<b>three</b></p>')
  })

  it('updates in place: the same element and text node stay, so focus and typed text stay', () => {
    const el = root()
    const view = (n: number) => (
      <form>
        <textarea rows={1} />
        <span>{'count ' + n}</span>
      </form>
    )
    render(view(1), el)
    const area = el.querySelector('textarea')!
    const text = el.querySelector('span')!.firstChild
    area.value = 'draft'
    render(view(2), el)
    expect(el.querySelector('textarea')).toBe(area)
    expect(area.value).toBe('draft')
    expect(el.querySelector('span')!.firstChild).toBe(text)
    expect(el.textContent).toBe('count 2')
  })

  it('moves keyed children instead of making them again', () => {
    const el = root()
    const list = (ids: string[]) => (
      <ul>
        {ids.map((id) => (
          <li key={id}>{id}</li>
        ))}
      </ul>
    )
    render(list(['a', 'b', 'c']), el)
    const [a, b, c] = el.querySelectorAll('li')
    render(list(['c', 'a', 'x', 'b']), el)
    const now = [...el.querySelectorAll('li')]
    expect(now.map((li) => li.textContent)).toEqual(['c', 'a', 'x', 'b'])
    expect([now[0], now[1], now[3]]).toEqual([c, a, b])
    render(list(['b']), el)
    expect([...el.querySelectorAll('li')]).toEqual([b])
  })

  it('keeps the key of a component', () => {
    const el = root()
    const Item = ({ id }: { id: string }) => <li>{id}</li>
    render(<ul>{[<Item key="a" id="a" />, <Item key="b" id="b" />]}</ul>, el)
    const b = el.querySelectorAll('li')[1]
    render(<ul>{[<Item key="b" id="b" />]}</ul>, el)
    expect(el.querySelector('li')).toBe(b)
  })

  it('removes attributes that become false or absent, and writes aria-* booleans as text', () => {
    const el = root()
    render(<button disabled aria-expanded={false} title="x" />, el)
    const button = el.querySelector('button')!
    expect(button.getAttribute('disabled')).toBe('')
    expect(button.getAttribute('aria-expanded')).toBe('false')
    render(<button disabled={false} aria-expanded={true} />, el)
    expect(button.hasAttribute('disabled')).toBe(false)
    expect(button.hasAttribute('title')).toBe(false)
    expect(button.getAttribute('aria-expanded')).toBe('true')
  })

  it('calls the latest handler, through one listener', () => {
    const el = root()
    const first = vi.fn()
    const second = vi.fn()
    render(<button onClick={first} />, el)
    const button = el.querySelector('button')!
    const add = vi.spyOn(button, 'addEventListener')
    render(<button onClick={second} />, el)
    button.click()
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledOnce()
    expect(add).not.toHaveBeenCalled()
    render(<button />, el)
    button.click()
    expect(second).toHaveBeenCalledOnce()
  })

  it('makes SVG in the SVG namespace', () => {
    const el = root()
    render(
      <svg viewBox="0 0 24 24">
        <path d="M0 0" />
      </svg>,
      el
    )
    expect(el.querySelector('path')!.namespaceURI).toBe('http://www.w3.org/2000/svg')
  })

  it('calls a ref once, with the new element, and fills an object ref', () => {
    const el = root()
    const ref = vi.fn()
    const box = { current: null as HTMLElement | null }
    const view = (n: number) => (
      <div>
        <input ref={ref} />
        <i ref={box}>{n}</i>
      </div>
    )
    render(view(1), el)
    render(view(2), el)
    expect(ref).toHaveBeenCalledOnce()
    expect(ref).toHaveBeenCalledWith(el.querySelector('input'))
    expect(box.current).toBe(el.querySelector('i'))
  })

  it('replaces an element whose tag changes, and renders nothing for null or false', () => {
    const el = root()
    render(<p>a</p>, el)
    render(<div>a</div>, el)
    expect(el.innerHTML).toBe('<div>a</div>')
    render(false, el)
    expect(el.innerHTML).toBe('')
    render(<p>b</p>, el)
    expect(el.innerHTML).toBe('<p>b</p>')
    render(null, el)
    expect(el.childNodes).toHaveLength(0)
  })

  it('sets text, never markup', () => {
    const el = root()
    render(<p>{'<img src=x onerror=alert(1)>'}</p>, el)
    expect(el.querySelector('img')).toBeNull()
    expect(el.textContent).toBe('<img src=x onerror=alert(1)>')
  })
})

describe('renderer, siblings and refs', () => {
  it('keeps an element when a sibling of another tag appears before it', () => {
    const el = root()
    const view = (note: boolean) => (
      <form>
        {note && <p>uploading</p>}
        <textarea />
        <button>send</button>
      </form>
    )
    render(view(false), el)
    const area = el.querySelector('textarea')!
    render(view(true), el)
    expect(el.querySelector('textarea')).toBe(area)
    expect(el.querySelector('form')!.firstElementChild!.tagName).toBe('P')
    render(view(false), el)
    expect(el.querySelector('textarea')).toBe(area)
    expect(el.querySelector('p')).toBeNull()
  })

  it('calls refs once the node is in the document, so they can focus it', () => {
    const el = root()
    let connected = false
    render(
      <div>
        <textarea
          ref={(t: HTMLTextAreaElement | null) => {
            connected = !!t?.isConnected
            t?.focus()
          }}
        />
      </div>,
      el
    )
    expect(connected).toBe(true)
    expect(document.activeElement).toBe(el.querySelector('textarea'))
  })
})
