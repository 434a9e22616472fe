import type { EhrConnectionInput } from '../../src/main/connectors/ehr';
import { dataLayout } from '../../src/main/paths';
import { connectionBinding } from '../../src/main/settings/secret-bindings';
import { createSettingsStore } from '../../src/main/settings/settings-store';
import { defaultVault } from '../../src/main/trust/setup-trust';

/**
 * Configures EHR connections in a data folder as an administrator would: settings.json names each one, its
 * client secret goes to the folder's vault (the key file serve mode uses). A test points them at simulators
 * it started itself, so Clearpost treats them as real connections (its own sandbox stays off).
 */
export async function configureConnections(
  dataDir: string,
  connections: readonly EhrConnectionInput[],
): Promise<void> {
  const layout = dataLayout(dataDir);
  const vault = await defaultVault(layout, {});
  const settings = createSettingsStore(layout.settings);
  const stored = [];
  for (const { clientSecret, ...rest } of connections) {
    const clientSecretRef = `ehr.${rest.id}.client-secret`;
    // A secret is bound to the endpoint it is for (settings/secret-bindings.ts).
    await vault.set(clientSecretRef, clientSecret, connectionBinding(rest));
    stored.push({ ...rest, clientSecretRef });
  }
  settings.save({ ...settings.get(), connections: stored });
}
