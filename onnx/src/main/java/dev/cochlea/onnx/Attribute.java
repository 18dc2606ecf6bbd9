package dev.cochlea.onnx;

/**
 * One attribute of an ONNX node (AttributeProto): an integer, a float or a list of integers, which is all the
 * operators Cochlea exports need.
 */
public record Attribute(String name, Kind kind, long intValue, float floatValue, long[] ints) {
    /** The AttributeProto.AttributeType values this writer uses. */
    public enum Kind {
        FLOAT(1),
        INT(2),
        INTS(7);

        final int protoType;

        Kind(int protoType) {
            this.protoType = protoType;
        }
    }

    public static Attribute of(String name, long value) {
        return new Attribute(name, Kind.INT, value, 0f, null);
    }

    public static Attribute of(String name, float value) {
        return new Attribute(name, Kind.FLOAT, 0, value, null);
    }

    public static Attribute ints(String name, long... values) {
        return new Attribute(name, Kind.INTS, 0, 0f, values.clone());
    }
}
