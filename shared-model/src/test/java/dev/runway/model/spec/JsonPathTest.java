package dev.runway.model.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPathTest {

    private static final JsonNode ORDER =
            json("{\"id\":\"o-7\",\"total\":42.50,\"paid\":true,\"coupon\":null,\"order id\":\"x\","
                    + "\"items\":[{\"sku\":\"A-100\",\"qty\":1},{\"sku\":\"B-200\",\"qty\":3}]}");

    @ParameterizedTest
    @CsvSource({
        "$.id, o-7",
        "$.items[0].sku, A-100",
        "$.items[1].qty, 3",
        "$['order id'], x",
        "$[\"items\"][1]['sku'], B-200",
        "$.total, 42.5",
        "$.total, 42.50",
        "$.paid, true",
        "$.coupon, null",
    })
    void selectsTheOneValueAPathNamesAndComparesIt(String path, String expected) {
        JsonNode value = JsonPath.parse(path).select(ORDER).orElseThrow();

        assertThat(JsonPath.matches(value, expected)).isTrue();
    }

    @Test
    void aNumberIsNotItsTextWithOtherDigitsAndAContainerEqualsNothing() {
        assertThat(JsonPath.matches(
                        JsonPath.parse("$.items[1].qty").select(ORDER).orElseThrow(), "4"))
                .isFalse();
        assertThat(JsonPath.matches(JsonPath.parse("$.id").select(ORDER).orElseThrow(), "o-8"))
                .isFalse();
        assertThat(JsonPath.matches(JsonPath.parse("$.items").select(ORDER).orElseThrow(), "[]"))
                .isFalse();
        assertThat(JsonPath.matches(JsonPath.parse("$.coupon").select(ORDER).orElseThrow(), ""))
                .isFalse();
    }

    @ParameterizedTest
    @CsvSource({"$.missing", "$.items[2].sku", "$.id.deeper", "$.items.sku", "$[0]"})
    void aPathThatFindsNothingSelectsNothing(String path) {
        assertThat(JsonPath.parse(path).select(ORDER)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "items[0]|must start with '$'",
                "$items|expected '.' or '[' at character 2",
                "$.|expected a name at character 3",
                "$.1st|expected a name at character 3",
                "$.items[*]|expected an index from 0 or a quoted name at character 9",
                "$.items[-1]|expected an index from 0 or a quoted name at character 9",
                "$..sku|expected a name at character 3",
                "$.items[0|'[' at character 8 is not closed",
                "$['']|the name at character 3 must be non-empty",
            })
    void aPathOutsideTheSubsetIsRefusedSayingWhere(String path, String message) {
        assertThatThrownBy(() -> JsonPath.parse(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    private static JsonNode json(String text) {
        try {
            return RunwayJson.wire().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
