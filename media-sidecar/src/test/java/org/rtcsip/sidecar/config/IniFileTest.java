package org.rtcsip.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class IniFileTest {

    private static final String LABEL = "config file /etc/x.conf";

    private static String failure(String text) {
        return assertThrows(ConfigException.class, () -> IniFile.parse(text, LABEL)).getMessage();
    }

    @Test
    void readsSectionsKeysAndLineNumbers() throws ConfigException {
        IniFile f = IniFile.parse("# head\n[rtpengine]\n  port-min   =  30000  \n\n; note\nrecording-dir=/var/x\n"
                + "[other]\nk = v\n", LABEL);

        assertEquals(Set.of("rtpengine", "other"), f.sectionNames());
        assertEquals(List.of(
                new IniFile.Entry("port-min", "30000", new Origin(LABEL + " line 3")),
                new IniFile.Entry("recording-dir", "/var/x", new Origin(LABEL + " line 6"))),
                f.section("rtpengine").orElseThrow());
        assertEquals(Optional.empty(), f.section("sidecar"));
    }

    @Test
    void valueKeepsEverythingAfterTheFirstEqualsSign() throws ConfigException {
        IniFile f = IniFile.parse("[s]\nmysql-query = select data where id = %llu\nempty =\n", LABEL);

        assertEquals("select data where id = %llu", f.section("s").orElseThrow().get(0).value());
        assertEquals("", f.section("s").orElseThrow().get(1).value());
    }

    @Test
    void crlfLineEndsAndAByteOrderMarkAreAccepted() throws ConfigException {
        IniFile f = IniFile.parse("\uFEFF[s]\r\na = 1\r\nb = 2\r\n", LABEL);

        assertEquals(2, f.section("s").orElseThrow().size());
        assertEquals(new Origin(LABEL + " line 3"), f.section("s").orElseThrow().get(1).origin());
    }

    @Test
    void repeatedSectionHeaderContinuesTheSection() throws ConfigException {
        IniFile f = IniFile.parse("[s]\na = 1\n[t]\n[s]\nb = 2\n", LABEL);

        assertEquals(List.of("a", "b"), f.section("s").orElseThrow().stream().map(IniFile.Entry::key).toList());
    }

    @Test
    void malformedLinesAreRefusedWithTheirLine() {
        assertEquals("expected \"key = value\", \"[section]\" or a comment, found \"port-min 30000\" ("
                + LABEL + " line 2)", failure("[s]\nport-min 30000\n"));
        assertEquals("port-min: key before any [section] header (" + LABEL + " line 1)", failure("port-min = 1\n"));
        assertEquals("malformed section header \"[rtpengine\" (" + LABEL + " line 1)", failure("[rtpengine\n"));
        assertEquals("malformed section header \"[]\" (" + LABEL + " line 1)", failure("[]\n"));
        assertEquals("malformed section header \"[a]b]\" (" + LABEL + " line 1)", failure("[a]b]\n"));
        assertEquals("\"\" is not a valid key name (" + LABEL + " line 2)", failure("[s]\n= 3\n"));
        assertEquals("\"port min\" is not a valid key name (" + LABEL + " line 2)", failure("[s]\nport min = 3\n"));
    }
}
