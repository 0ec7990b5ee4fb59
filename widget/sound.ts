// The chat's notification sound, a chunk of its own (dist/parley-sound-<hash>.js): fetched the first
// time an agent's message arrives while the window is closed or the page hidden, as the peers fetch
// their sound files. Web Audio: no file to fetch beyond this one.

let audio: AudioContext | undefined

/** A short, soft ping at 880 Hz (Web Audio: no file to fetch). Silent where audio is not allowed. */
export const ping = () => {
  try {
    audio ??= new AudioContext()
    const t = audio.currentTime
    const o = audio.createOscillator()
    const g = audio.createGain()
    o.frequency.value = 880
    g.gain.setValueAtTime(0.1, t)
    g.gain.exponentialRampToValueAtTime(0.001, t + 0.3)
    o.connect(g).connect(audio.destination)
    o.start()
    o.stop(t + 0.3)
  } catch {}
}
