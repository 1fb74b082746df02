/**
 * The first screen of a browser without a vault: what the product is and the two ways to begin.
 * Creating a vault and joining from another device arrive with their own issues.
 */
export function WelcomeScreen({ version }: { version: string }) {
  return (
    <main className="screen">
      <h1>Welcome to Sealed Vault</h1>
      <p>Your passwords and secrets, end-to-end encrypted and in sync on every browser you own.</p>
      <p className="muted">Version {version}</p>
    </main>
  );
}
