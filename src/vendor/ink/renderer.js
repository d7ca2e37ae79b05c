// Vendored from ink 6.8.0, build/renderer.js (MIT, Vadym Demedes and Sindre Sorhus: ./LICENSE), and
// changed by context-accountant: the renderer owns the frame caches and hands each Output the
// caches of the same Output in the frame before (the main output's to the main output, <Static>'s
// to <Static>'s), instead of every Output starting empty. Loaded in place of Ink's own by
// scripts/ink-vendor.mjs; see docs/ink-frame-caches.md.
import renderNodeToOutput, { renderNodeToScreenReaderOutput, } from './render-node-to-output.js';
import Output from './output.js';
// Each root's last frame caches, one lineage per Output of a frame: the main output's and
// <Static>'s. Held weakly by root, so an unmounted app takes its caches with it.
const lastFrames = new WeakMap();
/** The caches a root's next frame falls back on ({ main, static }), or undefined before its first frame. */
export const lastFrameCaches = (root) => lastFrames.get(root);
const renderer = (node, isScreenReaderEnabled) => {
    if (node.yogaNode) {
        if (isScreenReaderEnabled) {
            const output = renderNodeToScreenReaderOutput(node, {
                skipStaticElements: true,
            });
            const outputHeight = output === '' ? 0 : output.split('\n').length;
            let staticOutput = '';
            if (node.staticNode) {
                staticOutput = renderNodeToScreenReaderOutput(node.staticNode, {
                    skipStaticElements: false,
                });
            }
            return {
                output,
                outputHeight,
                staticOutput: staticOutput ? `${staticOutput}\n` : '',
            };
        }
        const last = lastFrames.get(node);
        const output = new Output({
            width: node.yogaNode.getComputedWidth(),
            height: node.yogaNode.getComputedHeight(),
            previousCaches: last?.main,
        });
        renderNodeToOutput(node, output, {
            skipStaticElements: true,
        });
        let staticOutput;
        if (node.staticNode?.yogaNode) {
            staticOutput = new Output({
                width: node.staticNode.yogaNode.getComputedWidth(),
                height: node.staticNode.yogaNode.getComputedHeight(),
                previousCaches: last?.static,
            });
            renderNodeToOutput(node.staticNode, staticOutput, {
                skipStaticElements: false,
            });
        }
        lastFrames.set(node, { main: output.caches, static: staticOutput?.caches ?? last?.static });
        const { output: generatedOutput, height: outputHeight } = output.get();
        return {
            output: generatedOutput,
            outputHeight,
            // Newline at the end is needed, because static output doesn't have one, so
            // interactive output will override last line of static output
            staticOutput: staticOutput ? `${staticOutput.get().output}\n` : '',
        };
    }
    return {
        output: '',
        outputHeight: 0,
        staticOutput: '',
    };
};
export default renderer;
