/**
 * ONNX export: {@link dev.cochlea.onnx.Onnx#export} writes a model's evaluation-mode graph as an ONNX file (opset 13,
 * dynamic batch axis); {@link dev.cochlea.onnx.LayerConverter} lets a user export layers of their own.
 */
package dev.cochlea.onnx;
