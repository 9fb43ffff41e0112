import { AccessSettingsForm } from "@/app/admin/campaigns/[id]/access-settings-form";
import { campaignAccessSettings } from "@/lib/access/settings";

/** The campaign page's access section: loads the settings, renders their form. */
export async function CampaignAccessSettings({ campaignId }: { campaignId: number }) {
  const settings = await campaignAccessSettings(campaignId);
  if (!settings) return null;
  return (
    <section aria-labelledby="access-settings-heading" className="space-y-3">
      <h2 id="access-settings-heading" className="text-xl font-semibold">
        Access changes
      </h2>
      <AccessSettingsForm {...settings} />
    </section>
  );
}
