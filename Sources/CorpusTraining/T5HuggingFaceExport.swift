import CorpusModels
import CorpusTensors

/// Writes a trained T5 encoder-decoder in HuggingFace's layout (`config.json` +
/// `model.safetensors`), which `transformers` loads with
/// `T5ForConditionalGeneration.from_pretrained`, plus `corpus-check.safetensors`: sample encoder
/// and decoder ids and the logits this code computes for them, for `scripts/t5/check_hf_export.py`.
/// (A decoder-only `DecoderLanguageModel` has no HF class and is not exported.)
public enum T5HuggingFaceExport {
    /// Encoder and decoder positions of the check's two sample sequences.
    static let inputLength = 16, targetLength = 12

    /// `model` as a `T5ForConditionalGeneration`, into `directory` (made if missing); `dropout`
    /// is the rate recorded in the config (HF applies it in training mode only).
    ///
    /// The weights go under HF's state-dict names, Float32. Tied models write only
    /// `shared.weight` (HF ties `encoder.embed_tokens`, `decoder.embed_tokens` and `lm_head` to
    /// it); untied ones add `lm_head.weight`, with `tie_word_embeddings` false in the config.
    public static func conditionalGeneration(_ model: T5Model<Float>, dropout: Double, to directory: String) throws {
        precondition(model.shape.sparse == nil, "T5HuggingFaceExport: a sparse (Switch) T5 exports with WeightsExport.switchTransformer")
        var copy = model
        var tensors: [String: SafeTensor] = [:]
        copy.visit { name, shape, tensor, _ in tensors[name] = SafeTensor(tensor, shape: shape) }
        // The check: two sequences, the second padded in both stacks, in evaluation mode.
        let (inputs, inputKeep) = HuggingFaceExport.sampleInputs(vocabulary: model.shape.vocabulary, length: inputLength)
        var (decoderInputs, decoderKeep) = HuggingFaceExport.sampleInputs(vocabulary: model.shape.vocabulary, length: targetLength, stream: 10)
        for row in 0..<2 { decoderInputs[row * targetLength] = 0 }  // the decoder start id
        let batch = T5Model<Float>.Batch(batch: 2, inputLength: inputLength, targetLength: targetLength, inputs: inputs, inputKeep: inputKeep,
                                         decoderInputs: decoderInputs, decoderKeep: decoderKeep)
        var none = SeededGenerator(seed: 0)
        let logits = model.forward(batch, dropout: 0, generator: &none).logits
        try HuggingFaceExport.write(directory: directory, config: configuration(shape: model.shape, dropout: dropout), tensors: tensors, check: [
            "input_ids": SafeTensor(inputs.map(Int64.init), shape: [2, inputLength]),
            "attention_mask": HuggingFaceExport.mask(inputKeep, shape: [2, inputLength]),
            "decoder_input_ids": SafeTensor(decoderInputs.map(Int64.init), shape: [2, targetLength]),
            "decoder_attention_mask": HuggingFaceExport.mask(decoderKeep, shape: [2, targetLength]),
            "logits": SafeTensor(logits, shape: [2, targetLength, model.shape.vocabulary]),
        ])
    }

    /// `config.json` for a T5 of this shape. Pad 0 is also the decoder's start id, eos is 1.
    /// (transformers 5 validates field types strictly: a field typed `float` alone, such as
    /// `initializer_factor`, rejects `1`, which is how JSONSerialization writes 1.0; so none is written.)
    static func configuration(shape: T5Shape, dropout: Double) -> [String: Any] {
        [
            "architectures": ["T5ForConditionalGeneration"], "model_type": "t5", "is_encoder_decoder": true,
            "vocab_size": shape.vocabulary, "d_model": shape.width, "d_kv": shape.headWidth, "d_ff": shape.feedForward,
            "num_layers": shape.encoderLayers, "num_decoder_layers": shape.decoderLayers, "num_heads": shape.heads,
            "relative_attention_num_buckets": shape.buckets, "relative_attention_max_distance": shape.maximumDistance,
            "feed_forward_proj": shape.feedForwardKind.rawValue, "tie_word_embeddings": shape.tiedEmbeddings,
            "dropout_rate": dropout, "layer_norm_epsilon": 1e-6,
            "pad_token_id": 0, "eos_token_id": 1, "decoder_start_token_id": 0,
        ]
    }
}
