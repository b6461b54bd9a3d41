// How the browser tests start Chromium: Debian's build (or KEHOACH_CHROMIUM), headless, with
// nothing that reaches the network on its own (the CI machines have none).
export function launchOptions() {
  return {
    executablePath: process.env.KEHOACH_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  };
}
