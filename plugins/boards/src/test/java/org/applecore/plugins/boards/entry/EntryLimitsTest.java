package org.applecore.plugins.boards.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.applecore.sdk.config.PluginConfig;
import org.junit.jupiter.api.Test;

class EntryLimitsTest {

    @Test
    void defaultsToTwentyThousandCharactersAndTenAttachments() {
        assertThat(EntryLimits.fromConfig(config(Map.of()))).isEqualTo(new EntryLimits(20_000, 10));
    }

    @Test
    void readsBothSettings() {
        EntryLimits limits = EntryLimits.fromConfig(config(Map.of("max-body-chars", "500", "max-attachments", "0")));

        assertThat(limits).isEqualTo(new EntryLimits(500, 0));
    }

    @Test
    void refusesSettingsThatWouldMakeEveryEntryInvalid() {
        assertThatThrownBy(() -> EntryLimits.fromConfig(config(Map.of("max-body-chars", "0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-body-chars");
        assertThatThrownBy(() -> EntryLimits.fromConfig(config(Map.of("max-attachments", "-1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-attachments");
    }

    private static PluginConfig config(Map<String, String> settings) {
        return key -> Optional.ofNullable(settings.get(key));
    }
}
