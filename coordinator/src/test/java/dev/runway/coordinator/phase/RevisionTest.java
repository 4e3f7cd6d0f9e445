package dev.runway.coordinator.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RevisionTest {

    @Test
    void revisionZeroDoesNotExist() {
        assertThatThrownBy(() -> new Revision(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "-3", "four", "4.0", " 4", "99999999999999999999"})
    void whatIsNoRevisionNumberReadsAsUnknown(String text) {
        assertThat(Revision.parse(text)).isEmpty();
    }

    @Test
    void aRevisionNumberReadsAsThatRevision() {
        assertThat(Revision.parse("7")).contains(new Revision(7));
    }

    @Test
    void onlyTheRevisionBeforeTheCurrentOneIsSentAsZero() {
        assertThat(new RollbackPoint.Stated(new Revision(4)).toRevision()).isEqualTo(4);
        assertThat(new RollbackPoint.BeforeCurrent().toRevision()).isZero();
    }
}
