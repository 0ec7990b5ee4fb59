// A short two-note chime for incoming chats, synthesised with Web Audio (no audio file to serve).

let context: AudioContext | undefined

/** Plays the chime; silently does nothing where Web Audio is missing or not yet allowed. */
export const playChime = (): void => {
  try {
    context ??= new AudioContext()
    const start = context.currentTime
    for (const [i, hz] of [660, 880].entries()) {
      const osc = context.createOscillator()
      const gain = context.createGain()
      const at = start + i * 0.15
      osc.frequency.value = hz
      gain.gain.setValueAtTime(0.0001, at)
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3)
      osc.connect(gain).connect(context.destination)
      osc.start(at)
      osc.stop(at + 0.32)
    }
  } catch {
    // Autoplay policy or no audio device: the title and the list still show the new chat.
  }
}
